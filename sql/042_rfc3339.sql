-- The API's one time format (RFC 3339, UTC, whole seconds), defined once
-- for every query that hands a time to a client. NULL stays NULL.

CREATE FUNCTION rfc3339(at timestamptz) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
    SELECT to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')
$$;
