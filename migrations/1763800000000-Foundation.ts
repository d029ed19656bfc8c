import type { MigrationInterface, QueryRunner } from 'typeorm';

/** GB/T 2260 provincial-level divisions: code, Chinese name, English name. */
const regions: [string, string, string][] = [
  ['110000', '北京市', 'Beijing'],
  ['120000', '天津市', 'Tianjin'],
  ['130000', '河北省', 'Hebei'],
  ['140000', '山西省', 'Shanxi'],
  ['150000', '内蒙古自治区', 'Inner Mongolia'],
  ['210000', '辽宁省', 'Liaoning'],
  ['220000', '吉林省', 'Jilin'],
  ['230000', '黑龙江省', 'Heilongjiang'],
  ['310000', '上海市', 'Shanghai'],
  ['320000', '江苏省', 'Jiangsu'],
  ['330000', '浙江省', 'Zhejiang'],
  ['340000', '安徽省', 'Anhui'],
  ['350000', '福建省', 'Fujian'],
  ['360000', '江西省', 'Jiangxi'],
  ['370000', '山东省', 'Shandong'],
  ['410000', '河南省', 'Henan'],
  ['420000', '湖北省', 'Hubei'],
  ['430000', '湖南省', 'Hunan'],
  ['440000', '广东省', 'Guangdong'],
  ['450000', '广西壮族自治区', 'Guangxi'],
  ['460000', '海南省', 'Hainan'],
  ['500000', '重庆市', 'Chongqing'],
  ['510000', '四川省', 'Sichuan'],
  ['520000', '贵州省', 'Guizhou'],
  ['530000', '云南省', 'Yunnan'],
  ['540000', '西藏自治区', 'Xizang'],
  ['610000', '陕西省', 'Shaanxi'],
  ['620000', '甘肃省', 'Gansu'],
  ['630000', '青海省', 'Qinghai'],
  ['640000', '宁夏回族自治区', 'Ningxia'],
  ['650000', '新疆维吾尔自治区', 'Xinjiang'],
  ['710000', '台湾省', 'Taiwan'],
  ['810000', '香港特别行政区', 'Hong Kong'],
  ['820000', '澳门特别行政区', 'Macao'],
];

export class Foundation1763800000000 implements MigrationInterface {
  name = 'Foundation1763800000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE region (
        code    char(6) PRIMARY KEY CHECK (code ~ '^[1-8][0-9]0000$'),
        name_zh text NOT NULL,
        name_en text NOT NULL
      )`);
    await db.query(
      `INSERT INTO region (code, name_zh, name_en) SELECT * FROM unnest($1::text[], $2::text[], $3::text[])`,
      [regions.map((r) => r[0]), regions.map((r) => r[1]), regions.map((r) => r[2])],
    );

    await db.query(`
      CREATE TABLE organizer (
        id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        email         text NOT NULL UNIQUE CHECK (email = lower(email)),
        name          text NOT NULL,
        password_hash text NOT NULL,
        created_at    timestamptz NOT NULL DEFAULT now()
      )`);

    await db.query(`
      CREATE TABLE organization (
        id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name            text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
        name_normalized text NOT NULL,
        name_en         text,
        type            text NOT NULL
                        CHECK (type IN ('social_group', 'foundation', 'social_service_agency', 'industry_association', 'other')),
        region_code     char(6) NOT NULL REFERENCES region (code),
        city            text,
        credit_code     char(18) CONSTRAINT organization_credit_code_key UNIQUE,
        verified        boolean NOT NULL DEFAULT false,
        created_by      uuid REFERENCES organizer (id) ON DELETE SET NULL,
        created_at      timestamptz NOT NULL DEFAULT now(),
        updated_at      timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT organization_region_name_key UNIQUE (region_code, name_normalized)
      )`);
    await db.query(`CREATE INDEX organization_name_idx ON organization (name_normalized, id)`);

    await db.query(`
      CREATE TABLE series (
        id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        title      text NOT NULL,
        title_en   text,
        created_by uuid NOT NULL REFERENCES organizer (id),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);

    await db.query(`
      CREATE TABLE event (
        id                     uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        slug                   text NOT NULL CONSTRAINT event_slug_key UNIQUE,
        series_id              uuid REFERENCES series (id),
        sequence_no            integer CHECK (sequence_no > 0),
        title                  text NOT NULL,
        title_en               text,
        description            text,
        kind                   text NOT NULL CHECK (kind IN ('in_person', 'online', 'hybrid')),
        starts_at              timestamptz NOT NULL,
        ends_at                timestamptz NOT NULL,
        timezone               text NOT NULL,
        venue                  text,
        join_url               text,
        capacity               integer CHECK (capacity > 0),
        per_organization_limit integer CHECK (per_organization_limit > 0),
        confirmed_count        integer NOT NULL DEFAULT 0 CHECK (confirmed_count >= 0),
        registration_opens_at  timestamptz,
        registration_closes_at timestamptz,
        requires_approval      boolean NOT NULL DEFAULT false,
        language               text NOT NULL CHECK (language IN ('zh', 'en')),
        reminder_offsets       text[] NOT NULL DEFAULT '{P1D,PT1H}',
        schedule_version       integer NOT NULL DEFAULT 1,
        status                 text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'published', 'cancelled')),
        published_at           timestamptz,
        cancelled_at           timestamptz,
        created_at             timestamptz NOT NULL DEFAULT now(),
        updated_at             timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT event_series_sequence_key UNIQUE (series_id, sequence_no),
        CONSTRAINT event_series_sequence_check CHECK ((series_id IS NULL) = (sequence_no IS NULL)),
        CONSTRAINT event_time_check CHECK (ends_at > starts_at),
        CONSTRAINT event_window_check CHECK (registration_closes_at > registration_opens_at),
        CONSTRAINT event_venue_check CHECK (kind = 'online' OR venue IS NOT NULL),
        CONSTRAINT event_join_url_check CHECK (kind = 'in_person' OR join_url IS NOT NULL),
        CONSTRAINT event_confirmed_within_capacity CHECK (capacity IS NULL OR confirmed_count <= capacity)
      )`);

    await db.query(`
      CREATE TABLE event_member (
        event_id     uuid NOT NULL REFERENCES event (id) ON DELETE CASCADE,
        organizer_id uuid NOT NULL REFERENCES organizer (id) ON DELETE CASCADE,
        role         text NOT NULL CHECK (role IN ('owner', 'manager', 'checkin')),
        created_at   timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (event_id, organizer_id)
      )`);
    await db.query(`CREATE INDEX event_member_organizer_idx ON event_member (organizer_id, event_id)`);

    await db.query(`
      CREATE TABLE event_host (
        event_id        uuid NOT NULL REFERENCES event (id) ON DELETE CASCADE,
        organization_id uuid NOT NULL REFERENCES organization (id),
        role            text NOT NULL CHECK (role IN ('guiding', 'host', 'organizer', 'co_organizer')),
        position        integer NOT NULL,
        PRIMARY KEY (event_id, organization_id, role)
      )`);

    await db.query(`
      CREATE TABLE agenda_item (
        id                  uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        event_id            uuid NOT NULL REFERENCES event (id) ON DELETE CASCADE,
        position            integer NOT NULL,
        starts_at           timestamptz NOT NULL,
        title               text NOT NULL,
        speaker             text,
        speaker_affiliation text
      )`);
    await db.query(`CREATE INDEX agenda_item_event_idx ON agenda_item (event_id, position)`);
  }

  async down(db: QueryRunner): Promise<void> {
    for (const table of [
      'agenda_item',
      'event_host',
      'event_member',
      'event',
      'series',
      'organization',
      'organizer',
      'region',
    ]) {
      await db.query(`DROP TABLE ${table}`);
    }
  }
}
