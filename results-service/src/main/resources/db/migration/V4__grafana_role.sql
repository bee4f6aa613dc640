-- The read-only role of Grafana's PostgreSQL datasource, created here where it is missing and the migrating role may
-- create roles (a server set up by hand whose owner role has CREATEROLE). The local stack and the tests' stack create
-- it themselves (then this does nothing; V3 granted it). Elsewhere, without CREATEROLE, a notice says what to run.
-- Name and password are Flyway placeholders (application.properties): spacetime.grafana.role, default
-- spacetime_grafana, and SPACETIME_GRAFANA_DB_PASSWORD, the variable the stack and Grafana's provisioning read.
-- Flyway checksums the script before it replaces placeholders, so another password later does not fail validation;
-- it is not applied either: change it on the server (ALTER ROLE ... PASSWORD).
DO $$
DECLARE
    reader text := '${grafana_role}';
    -- The password in its own dollar quotes, so that quotes in it need no escaping. The space after the opening tag
    -- is dropped again: Flyway does not see a placeholder that follows a '$' directly.
    secret text := substr($pw$ ${grafana_password}$pw$, 2);
BEGIN
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = reader) THEN
        RETURN;
    END IF;
    IF NOT (SELECT rolcreaterole OR rolsuper FROM pg_roles WHERE rolname = current_user) THEN
        RAISE NOTICE 'role % does not exist and % may not create it: CREATE ROLE % LOGIN PASSWORD ...; then re-run V3''s grants',
            reader, current_user, reader;
        RETURN;
    END IF;
    EXECUTE format('CREATE ROLE %I LOGIN PASSWORD %L', reader, secret);
    -- Belt and braces, as the stack does: a dashboard session cannot write even where a grant slipped through.
    EXECUTE format('ALTER ROLE %I SET default_transaction_read_only = on', reader);
    EXECUTE format('GRANT CONNECT ON DATABASE %I TO %I', current_database(), reader);
    EXECUTE format('GRANT USAGE ON SCHEMA %I TO %I', current_schema(), reader);
    EXECUTE format('GRANT SELECT ON ALL TABLES IN SCHEMA %I TO %I', current_schema(), reader);
    EXECUTE format('ALTER DEFAULT PRIVILEGES IN SCHEMA %I GRANT SELECT ON TABLES TO %I', current_schema(), reader);
END
$$;
