-- Accounts, courses and who is enrolled in which course.

-- Keeps updated_at honest without every UPDATE having to remember it.
CREATE FUNCTION set_updated_at() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    NEW.updated_at := now();
    RETURN NEW;
END
$$;

CREATE TABLE users (
    id bigserial CONSTRAINT users_pkey PRIMARY KEY,
    -- Stored normalised (trimmed, lower case) by the code; checked here.
    email text NOT NULL
        CONSTRAINT users_email_normalised_check
        CHECK (email <> '' AND email = lower(btrim(email))),
    display_name text NOT NULL DEFAULT '',
    role text NOT NULL
        CONSTRAINT users_role_check
        CHECK (role IN ('student', 'faculty', 'admin')),
    -- NULL for accounts that only sign in through single sign-on.
    password_hash text,
    disabled boolean NOT NULL DEFAULT false,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE UNIQUE INDEX users_email_key ON users (lower(email));

CREATE TRIGGER users_set_updated_at BEFORE UPDATE ON users
    FOR EACH ROW EXECUTE FUNCTION set_updated_at();

CREATE TABLE courses (
    id bigserial CONSTRAINT courses_pkey PRIMARY KEY,
    code text NOT NULL
        CONSTRAINT courses_code_key UNIQUE
        CONSTRAINT courses_code_check CHECK (code <> ''),
    title text NOT NULL,
    term text NOT NULL,
    -- The 802.1Q tag every VM of the course gets on its network bridge.
    vlan_tag integer
        CONSTRAINT courses_vlan_tag_check CHECK (vlan_tag BETWEEN 1 AND 4094),
    settings jsonb NOT NULL DEFAULT '{}'
        CONSTRAINT courses_settings_check
        CHECK (jsonb_typeof(settings) = 'object'),
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE enrollments (
    course_id bigint NOT NULL
        CONSTRAINT enrollments_course_id_fkey
        REFERENCES courses (id) ON DELETE CASCADE,
    user_id bigint NOT NULL
        CONSTRAINT enrollments_user_id_fkey
        REFERENCES users (id) ON DELETE CASCADE,
    role text NOT NULL
        CONSTRAINT enrollments_role_check
        CHECK (role IN ('student', 'faculty')),
    created_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT enrollments_pkey PRIMARY KEY (course_id, user_id)
);

-- "Which courses is this user in": the primary key serves the other way.
CREATE INDEX enrollments_user_id_idx ON enrollments (user_id);
