-- Single sign-on identities: an identity provider's (issuer, subject)
-- pair, linked to exactly one ClassCloud account.

CREATE TABLE identities (
    id bigserial CONSTRAINT identities_pkey PRIMARY KEY,
    -- SAML entity id, CAS server URL or OIDC iss (Microsoft: per tenant).
    issuer text NOT NULL CONSTRAINT identities_issuer_check CHECK (issuer <> ''),
    -- NameID, CAS user, or OIDC sub (Microsoft: the object id, oid).
    subject text NOT NULL
        CONSTRAINT identities_subject_check CHECK (subject <> ''),
    user_id bigint NOT NULL
        CONSTRAINT identities_user_id_fkey
        REFERENCES users (id) ON DELETE CASCADE,
    -- The configured provider's kind and name, for admins reading it.
    kind text NOT NULL
        CONSTRAINT identities_kind_check CHECK (kind IN ('saml', 'cas', 'oidc')),
    provider text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    last_login_at timestamptz,
    CONSTRAINT identities_issuer_subject_key UNIQUE (issuer, subject)
);

CREATE INDEX identities_user_id_idx ON identities (user_id);
