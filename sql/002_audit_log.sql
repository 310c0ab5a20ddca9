-- Who did what to which object, from where, and how it ended.

CREATE TABLE audit_log (
    id bigserial CONSTRAINT audit_log_pkey PRIMARY KEY,
    at timestamptz NOT NULL DEFAULT now(),
    -- NULL for the system itself or a failed login by an unknown account;
    -- kept when the account is deleted later.
    actor_user_id bigint
        CONSTRAINT audit_log_actor_user_id_fkey
        REFERENCES users (id) ON DELETE SET NULL,
    action text NOT NULL,
    object_type text NOT NULL,
    object_id text,
    client_ip inet,
    outcome text NOT NULL
        CONSTRAINT audit_log_outcome_check
        CHECK (outcome IN ('success', 'failure', 'denied')),
    detail jsonb NOT NULL DEFAULT '{}'
);

CREATE INDEX audit_log_at_idx ON audit_log (at);
