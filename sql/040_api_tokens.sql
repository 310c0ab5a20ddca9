-- Personal API tokens for curl scripts and LMS integrations. Only the
-- SHA-256 of a token is stored; the secret is shown once at creation.

CREATE TABLE api_tokens (
    id bigserial CONSTRAINT api_tokens_pkey PRIMARY KEY,
    user_id bigint NOT NULL
        CONSTRAINT api_tokens_user_id_fkey
        REFERENCES users (id) ON DELETE CASCADE,
    name text NOT NULL
        CONSTRAINT api_tokens_name_check
        CHECK (name <> '' AND length(name) <= 100),
    token_hash text NOT NULL CONSTRAINT api_tokens_token_hash_key UNIQUE,
    -- The first characters of the token, so people can tell them apart.
    prefix text NOT NULL,
    -- read: GET only; write: every method.
    scope text NOT NULL
        CONSTRAINT api_tokens_scope_check CHECK (scope IN ('read', 'write')),
    created_at timestamptz NOT NULL DEFAULT now(),
    expires_at timestamptz,
    last_used_at timestamptz,
    revoked_at timestamptz
);

CREATE INDEX api_tokens_user_id_idx ON api_tokens (user_id);
