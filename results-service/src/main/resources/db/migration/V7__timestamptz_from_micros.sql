-- The ingest sends instants as microseconds since 1970 in binary int8 arrays instead of ISO-8601 text: the service
-- formats nothing and PostgreSQL parses nothing (parsing the text cost about 5 % of the server's ingest CPU).
-- Exact over PostgreSQL's whole range: int8 * interval computes in float8, which holds every integer below 2^53 µs
-- (years 1685 to 2255) but not beyond, so the value is split into a multiple of 2^26 µs (a power of two: exact in
-- float8 however large) and the remaining 0 .. 2^26-1 µs. Out of range raises "interval/timestamp out of range",
-- a data error (SQLSTATE class 22), as the text did. SQL and STABLE (as timestamptz + interval), so it is inlined.
CREATE FUNCTION timestamptz_from_micros(micros bigint) RETURNS timestamptz
    LANGUAGE sql STABLE PARALLEL SAFE
AS $$
SELECT timestamptz 'epoch' + (micros >> 26) * interval '67.108864 seconds' + (micros & 67108863) * interval '1 microsecond'
$$;
