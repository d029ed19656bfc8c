/** Who is calling: every organizer-side service method takes this first and scopes its queries by it. */
export interface Actor {
  organizerId: string;
  email: string;
}
