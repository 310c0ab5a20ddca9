-- Roster imports with their per-row outcome, the mail outbox and the
-- single-use set-password tokens that credential mail links to.

CREATE TABLE roster_imports (
    id bigserial CONSTRAINT roster_imports_pkey PRIMARY KEY,
    course_id bigint NOT NULL
        CONSTRAINT roster_imports_course_id_fkey
        REFERENCES courses (id) ON DELETE CASCADE,
    -- SHA-256 of the uploaded bytes and the options: the same file applied
    -- twice to one course finds the first import instead of a second one.
    content_hash text NOT NULL,
    mode text NOT NULL
        CONSTRAINT roster_imports_mode_check CHECK (mode IN ('add', 'sync')),
    destroy_vms boolean NOT NULL DEFAULT false,
    state text NOT NULL DEFAULT 'done'
        CONSTRAINT roster_imports_state_check
        CHECK (state IN ('running', 'done', 'failed')),
    created_by bigint
        CONSTRAINT roster_imports_created_by_fkey
        REFERENCES users (id) ON DELETE SET NULL,
    file_name text NOT NULL DEFAULT '',
    rows_total integer NOT NULL DEFAULT 0,
    added integer NOT NULL DEFAULT 0,
    kept integer NOT NULL DEFAULT 0,
    dropped integer NOT NULL DEFAULT 0,
    accounts_created integer NOT NULL DEFAULT 0,
    jobs_created integer NOT NULL DEFAULT 0,
    created_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT roster_imports_content_key UNIQUE (course_id, content_hash)
);

CREATE TABLE roster_import_rows (
    import_id bigint NOT NULL
        CONSTRAINT roster_import_rows_import_id_fkey
        REFERENCES roster_imports (id) ON DELETE CASCADE,
    -- The CSV line for rows of the file; 0 for people dropped in sync mode.
    line integer NOT NULL,
    email text NOT NULL,
    user_id bigint
        CONSTRAINT roster_import_rows_user_id_fkey
        REFERENCES users (id) ON DELETE SET NULL,
    outcome text NOT NULL
        CONSTRAINT roster_import_rows_outcome_check
        CHECK (outcome IN ('added', 'created', 'kept', 'dropped')),
    role text NOT NULL DEFAULT 'student'
);

CREATE INDEX roster_import_rows_import_id_idx
    ON roster_import_rows (import_id, line);

CREATE TABLE mail_outbox (
    id bigserial CONSTRAINT mail_outbox_pkey PRIMARY KEY,
    kind text NOT NULL
        CONSTRAINT mail_outbox_kind_check
        CHECK (kind IN ('set_password', 'lab_ready', 'course_added')),
    user_id bigint NOT NULL
        CONSTRAINT mail_outbox_user_id_fkey
        REFERENCES users (id) ON DELETE CASCADE,
    course_id bigint
        CONSTRAINT mail_outbox_course_id_fkey
        REFERENCES courses (id) ON DELETE CASCADE,
    import_id bigint
        CONSTRAINT mail_outbox_import_id_fkey
        REFERENCES roster_imports (id) ON DELETE SET NULL,
    -- queued -> sending -> sent; a 4xx answer puts it back to queued with
    -- a later run_after; a 5xx answer or too many attempts ends in failed.
    status text NOT NULL DEFAULT 'queued'
        CONSTRAINT mail_outbox_status_check
        CHECK (status IN ('queued', 'sending', 'sent', 'failed')),
    attempts integer NOT NULL DEFAULT 0,
    run_after timestamptz NOT NULL DEFAULT now(),
    lease_until timestamptz,
    last_error text,
    sent_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX mail_outbox_due_idx ON mail_outbox (run_after)
    WHERE status IN ('queued', 'sending');
CREATE INDEX mail_outbox_course_idx ON mail_outbox (course_id, user_id);

-- Only the SHA-256 of a token is kept; the token itself exists only in the
-- mail that carries the link.
CREATE TABLE password_tokens (
    token_hash text CONSTRAINT password_tokens_pkey PRIMARY KEY,
    user_id bigint NOT NULL
        CONSTRAINT password_tokens_user_id_fkey
        REFERENCES users (id) ON DELETE CASCADE,
    expires_at timestamptz NOT NULL,
    used_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX password_tokens_user_id_idx ON password_tokens (user_id);
