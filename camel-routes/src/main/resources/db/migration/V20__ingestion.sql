-- Ingestion (camel-routes): device keys, replay protection and the spool that keeps accepted readings while S3 is down.

-- One HMAC-SHA256 key per device, encrypted with AES-GCM under the master key from the environment
-- (LENDING_INGESTION_MASTER_KEY); the device id is the associated data, so a key row cannot be moved to another device.
create table ingestion_device_key (
    device_id     varchar(128) primary key,
    key_nonce     bytea        not null,
    key_sealed    bytea        not null,
    provisioned_at timestamptz not null default now(),
    provisioned_by varchar(128) not null
);

-- Every (device, sequence) stored within the accepted age: a reading whose pair is here is a replay. Rows older than
-- lending.ingestion.max-age are pruned, since such readings are refused as stale anyway.
create table ingestion_seen_sequence (
    device_id   varchar(128) not null,
    seq         bigint       not null,
    ts          timestamptz  not null,
    primary key (device_id, seq)
);
create index ingestion_seen_sequence_ts on ingestion_seen_sequence (ts);

-- Highest sequence and latest timestamp stored per device, for the device status API.
create table ingestion_device_sequence (
    device_id   varchar(128) primary key,
    high_water  bigint       not null,
    last_seen   timestamptz  not null,
    updated_at  timestamptz  not null default now()
);

-- Accepted readings (kind READING) and quarantine envelopes (kind QUARANTINE) that could not be written to S3 yet;
-- a flusher drains them into Parquet / the quarantine prefix and deletes the rows in the same transaction.
create table ingestion_spool (
    id          bigserial    primary key,
    kind        varchar(16)  not null check (kind in ('READING', 'QUARANTINE')),
    body        bytea        not null,
    received_at timestamptz  not null default now()
);
