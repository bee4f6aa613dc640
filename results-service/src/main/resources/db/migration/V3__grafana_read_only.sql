-- Grafana's PostgreSQL datasource logs in as the read-only role spacetime_grafana (created by the stack, with CONNECT
-- on the database): it may read every table and view of this schema, now and later, and write nothing. Where the role
-- does not exist (a server set up by hand without it) the grants are skipped with a notice instead of failing.
DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'spacetime_grafana') THEN
        EXECUTE 'GRANT USAGE ON SCHEMA ' || quote_ident(current_schema()) || ' TO spacetime_grafana';
        EXECUTE 'GRANT SELECT ON ALL TABLES IN SCHEMA ' || quote_ident(current_schema()) || ' TO spacetime_grafana';
        EXECUTE 'ALTER DEFAULT PRIVILEGES IN SCHEMA ' || quote_ident(current_schema())
                    || ' GRANT SELECT ON TABLES TO spacetime_grafana';
    ELSE
        RAISE NOTICE 'role spacetime_grafana does not exist: no read-only grants (create it and re-run the grants)';
    END IF;
END
$$;
