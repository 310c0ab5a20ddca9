-- Proxmox clusters and their nodes, course templates, ClassCloud's VMs
-- (one per student, course and template), the durable job queue and what
-- the reconciler found.

CREATE TABLE clusters (
    id bigserial CONSTRAINT clusters_pkey PRIMARY KEY,
    name text NOT NULL
        CONSTRAINT clusters_name_key UNIQUE
        CONSTRAINT clusters_name_check CHECK (name <> ''),
    api_url text NOT NULL
        CONSTRAINT clusters_api_url_check CHECK (api_url LIKE 'https://%'),
    -- user@realm!tokenid; the secret itself never lives here, only where
    -- to read it: 'file:/etc/classcloud/pve-token' or 'env:PVE_SECRET'.
    token_id text NOT NULL,
    secret_ref text NOT NULL
        CONSTRAINT clusters_secret_ref_check
        CHECK (secret_ref ~ '^(file:/.+|env:[A-Za-z_][A-Za-z0-9_]*)$'),
    -- SHA-256 of the API certificate (AA:BB:..) or a CA file; one is set.
    fingerprint text,
    ca_file text,
    -- The VLAN-aware bridge every VM's net0 goes on, with its course tag.
    bridge text NOT NULL DEFAULT 'vmbr0',
    pool text NOT NULL DEFAULT '',
    -- ClassCloud's own VMID range, kept apart from hand-made VMs.
    vmid_min integer NOT NULL DEFAULT 20000,
    vmid_max integer NOT NULL DEFAULT 89999,
    is_default boolean NOT NULL DEFAULT false,
    created_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT clusters_tls_check
        CHECK (fingerprint IS NOT NULL OR ca_file IS NOT NULL),
    CONSTRAINT clusters_vmid_range_check
        CHECK (vmid_min >= 100 AND vmid_max > vmid_min)
);

-- At most one default cluster.
CREATE UNIQUE INDEX clusters_one_default_idx ON clusters (is_default)
    WHERE is_default;

-- Nodes as the reconciler last saw them in /cluster/resources.
CREATE TABLE nodes (
    cluster_id bigint NOT NULL
        CONSTRAINT nodes_cluster_id_fkey
        REFERENCES clusters (id) ON DELETE CASCADE,
    name text NOT NULL,
    status text NOT NULL DEFAULT 'unknown',
    maxcpu integer NOT NULL DEFAULT 0,
    cpu double precision NOT NULL DEFAULT 0,
    maxmem bigint NOT NULL DEFAULT 0,
    mem bigint NOT NULL DEFAULT 0,
    seen_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT nodes_pkey PRIMARY KEY (cluster_id, name)
);

-- A VM slot of a course: which Proxmox template each student gets.
-- Shared with the roster and course screens.
CREATE TABLE course_templates (
    id bigserial CONSTRAINT course_templates_pkey PRIMARY KEY,
    course_id bigint NOT NULL
        CONSTRAINT course_templates_course_id_fkey
        REFERENCES courses (id) ON DELETE CASCADE,
    cluster_id bigint NOT NULL
        CONSTRAINT course_templates_cluster_id_fkey
        REFERENCES clusters (id),
    pve_template_vmid integer NOT NULL
        CONSTRAINT course_templates_vmid_check
        CHECK (pve_template_vmid >= 100),
    name text NOT NULL
        CONSTRAINT course_templates_name_check CHECK (name <> ''),
    cores integer NOT NULL DEFAULT 1
        CONSTRAINT course_templates_cores_check CHECK (cores BETWEEN 1 AND 128),
    memory_mb integer NOT NULL DEFAULT 1024
        CONSTRAINT course_templates_memory_check CHECK (memory_mb >= 16),
    linked_clone boolean NOT NULL DEFAULT true,
    created_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT course_templates_name_key UNIQUE (course_id, name)
);

CREATE TABLE vms (
    id bigserial CONSTRAINT vms_pkey PRIMARY KEY,
    user_id bigint NOT NULL
        CONSTRAINT vms_user_id_fkey REFERENCES users (id),
    course_id bigint NOT NULL
        CONSTRAINT vms_course_id_fkey REFERENCES courses (id),
    template_id bigint NOT NULL
        CONSTRAINT vms_template_id_fkey REFERENCES course_templates (id),
    cluster_id bigint NOT NULL
        CONSTRAINT vms_cluster_id_fkey REFERENCES clusters (id),
    node text,
    -- Reserved here before the clone, so parallel clones never race.
    vmid integer,
    name text NOT NULL DEFAULT '',
    state text NOT NULL DEFAULT 'provisioning'
        CONSTRAINT vms_state_check
        CHECK (state IN ('provisioning', 'ready', 'failed', 'destroying')),
    power_state text NOT NULL DEFAULT 'unknown'
        CONSTRAINT vms_power_state_check
        CHECK (power_state IN ('running', 'stopped', 'paused', 'unknown')),
    last_error text,
    -- The Proxmox task in flight for this VM (a clone), to wait on after
    -- a restart.
    pending_upid text,
    cpu double precision NOT NULL DEFAULT 0,
    mem bigint NOT NULL DEFAULT 0,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    -- The invariant: one VM per student, course and template.
    CONSTRAINT vms_slot_key UNIQUE (user_id, course_id, template_id),
    CONSTRAINT vms_vmid_key UNIQUE (cluster_id, vmid)
);

CREATE INDEX vms_course_id_idx ON vms (course_id);

CREATE TRIGGER vms_set_updated_at BEFORE UPDATE ON vms
    FOR EACH ROW EXECUTE FUNCTION set_updated_at();

CREATE TABLE jobs (
    id bigserial CONSTRAINT jobs_pkey PRIMARY KEY,
    kind text NOT NULL
        CONSTRAINT jobs_kind_check CHECK (kind ~ '^[a-z_]+$'),
    payload jsonb NOT NULL DEFAULT '{}'
        CONSTRAINT jobs_payload_check CHECK (jsonb_typeof(payload) = 'object'),
    state text NOT NULL DEFAULT 'queued'
        CONSTRAINT jobs_state_check
        CHECK (state IN ('queued', 'running', 'succeeded', 'failed',
                         'cancelled')),
    attempts integer NOT NULL DEFAULT 0,
    max_attempts integer NOT NULL DEFAULT 8
        CONSTRAINT jobs_max_attempts_check CHECK (max_attempts >= 1),
    run_after timestamptz NOT NULL DEFAULT now(),
    lease_owner text,
    lease_expires_at timestamptz,
    -- A sentence a faculty member can read; details go to job_steps.
    last_error text,
    result jsonb,
    idempotency_key text CONSTRAINT jobs_idempotency_key_key UNIQUE,
    created_by bigint
        CONSTRAINT jobs_created_by_fkey
        REFERENCES users (id) ON DELETE SET NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    finished_at timestamptz
);

-- What a claim scans: runnable jobs and running ones whose lease ran out.
CREATE INDEX jobs_runnable_idx ON jobs (run_after, id)
    WHERE state = 'queued';
CREATE INDEX jobs_lease_idx ON jobs (lease_expires_at)
    WHERE state = 'running';

CREATE TRIGGER jobs_set_updated_at BEFORE UPDATE ON jobs
    FOR EACH ROW EXECUTE FUNCTION set_updated_at();

-- Wakes idle workers (LISTEN cc_jobs) the moment a job is written, from
-- whatever program writes it.
CREATE FUNCTION notify_job() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('cc_jobs', NEW.kind);
    RETURN NULL;
END
$$;

CREATE TRIGGER jobs_notify AFTER INSERT ON jobs
    FOR EACH ROW EXECUTE FUNCTION notify_job();

-- One row per job step, as the worker's log line says it.
CREATE TABLE job_steps (
    id bigserial CONSTRAINT job_steps_pkey PRIMARY KEY,
    job_id bigint NOT NULL
        CONSTRAINT job_steps_job_id_fkey
        REFERENCES jobs (id) ON DELETE CASCADE,
    attempt integer NOT NULL,
    step text NOT NULL,
    outcome text NOT NULL
        CONSTRAINT job_steps_outcome_check
        CHECK (outcome IN ('ok', 'skipped', 'retry', 'failed')),
    detail text NOT NULL DEFAULT '',
    pve_ms integer NOT NULL DEFAULT 0,
    at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX job_steps_job_id_idx ON job_steps (job_id, id);

-- What the reconciler found that the database and Proxmox disagree on:
-- 'orphan' (a ClassCloud-tagged VM no row knows), 'lost' (a row whose VM
-- is gone), 'left_behind' (a half-made VM a failed job could not remove).
CREATE TABLE vm_findings (
    id bigserial CONSTRAINT vm_findings_pkey PRIMARY KEY,
    cluster_id bigint NOT NULL
        CONSTRAINT vm_findings_cluster_id_fkey
        REFERENCES clusters (id) ON DELETE CASCADE,
    vmid integer NOT NULL,
    kind text NOT NULL
        CONSTRAINT vm_findings_kind_check
        CHECK (kind IN ('orphan', 'lost', 'left_behind')),
    node text,
    vm_id bigint,
    detail text NOT NULL DEFAULT '',
    first_seen timestamptz NOT NULL DEFAULT now(),
    last_seen timestamptz NOT NULL DEFAULT now(),
    resolved_at timestamptz
);

CREATE UNIQUE INDEX vm_findings_open_key ON vm_findings (cluster_id, vmid, kind)
    WHERE resolved_at IS NULL;
