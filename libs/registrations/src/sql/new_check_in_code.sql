CREATE OR REPLACE FUNCTION new_check_in_code()
  RETURNS text
  LANGUAGE sql
  VOLATILE
AS $function$
  -- 8 characters from 32 that cannot be mistaken for one another (no 0/O, no 1/I), 5 random bits each, taken from
  -- the random bytes of a version-4 uuid (bytes 6 and 8 carry its version and variant bits, so they are skipped).
  SELECT string_agg(substr('ABCDEFGHJKLMNPQRSTUVWXYZ23456789', (get_byte(r.b, p.i) % 32) + 1, 1), '' ORDER BY p.n)
    FROM (SELECT uuid_send(gen_random_uuid()) AS b) r,
         unnest(ARRAY[0, 1, 2, 3, 4, 5, 7, 9]) WITH ORDINALITY AS p(i, n)
$function$
