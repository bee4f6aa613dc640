-- A version's stage in the model registry: PUBLISHED from its ModelPublished on, RETIRED once a ModelRetired record
-- (DELETE /v1/models/{name}/{version} on inference-service) retires it. Retired is final: the record follows the
-- announcement on the models topic, and a repeated announcement inserts nothing (ON CONFLICT DO NOTHING).
ALTER TABLE models
    ADD COLUMN status         text        NOT NULL DEFAULT 'PUBLISHED' CHECK (status IN ('PUBLISHED', 'RETIRED')),
    ADD COLUMN retired_at     timestamptz,
    ADD COLUMN retired_reason text;
