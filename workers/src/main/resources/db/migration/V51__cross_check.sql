-- Cross-check of two sources on one collateral item: an RFID gate's sighting against the item's GPS tracker.
-- Telemetry itself is written once to Parquet and never edited, so the marks live here, beside it.

-- Where a fixed device (an RFID gate) stands, registered with the device; both or neither.
alter table collateral_device
    add column latitude  double precision check (latitude between -90 and 90),
    add column longitude double precision check (longitude between -180 and 180),
    add constraint collateral_device_position_pair check ((latitude is null) = (longitude is null));

-- The recent readings of cross-checked devices (trackers and gate sightings of live collateral), kept for
-- lending.ingestion.crosscheck.retention so a check needs no Parquet read; readings repeat after a redelivery and
-- are kept once. settled_at: every tracker of the sighting's collateral has a mark for it.
create table crosscheck_source_reading (
    device_id   varchar(100)     not null,
    sequence    bigint           not null,
    reading_at  timestamptz      not null,
    kind        varchar(10)      not null check (kind in ('POSITION', 'SIGHTING')),
    latitude    double precision,
    longitude   double precision,
    accuracy_m  double precision check (accuracy_m >= 0),
    settled_at  timestamptz,
    primary key (device_id, sequence)
);
create index crosscheck_source_reading_at_idx on crosscheck_source_reading (device_id, reading_at);
create index crosscheck_source_reading_unsettled_idx on crosscheck_source_reading (reading_at)
    where kind = 'SIGHTING' and settled_at is null;

-- One mark per (reading, other reading): the sighting's verdict against one tracker (AGREE, DISAGREE,
-- NO_CORROBORATION, TRACKER_OFFLINE), and for DISAGREE the same verdict on the tracker's reading. Append-only.
create table crosscheck_mark (
    id               bigserial        primary key,
    collateral_id    varchar(64)      not null,
    loan_id          varchar(64)      not null,
    device_id        varchar(100)     not null,
    sequence         bigint           not null,
    reading_at       timestamptz      not null,
    subject          varchar(10)      not null check (subject in ('SIGHTING', 'POSITION')),
    other_device_id  varchar(100)     not null,
    other_sequence   bigint,
    other_reading_at timestamptz,
    outcome          varchar(20)      not null
                     check (outcome in ('AGREE', 'DISAGREE', 'NO_CORROBORATION', 'TRACKER_OFFLINE')),
    distance_m       double precision,
    tolerance_m      double precision not null,
    time_gap_seconds double precision,
    marked_at        timestamptz      not null default now(),
    check ((other_sequence is null) = (other_reading_at is null)),
    check ((outcome in ('AGREE', 'DISAGREE')) = (distance_m is not null))
);
-- A batch redelivered after a crash marks once.
create unique index crosscheck_mark_pair_uk on crosscheck_mark (device_id, sequence, other_device_id, other_sequence);
-- One verdict per sighting and tracker, even when two batches judge it at once.
create unique index crosscheck_mark_sighting_uk on crosscheck_mark (device_id, sequence, other_device_id)
    where subject = 'SIGHTING';
create index crosscheck_mark_collateral_idx on crosscheck_mark (collateral_id, reading_at);
create index crosscheck_mark_device_idx on crosscheck_mark (device_id, reading_at);
create function crosscheck_mark_immutable() returns trigger language plpgsql as $$
begin
    raise exception 'cross-check marks are immutable (row %)', old.id;
end $$;
create trigger crosscheck_mark_no_update before update or delete on crosscheck_mark
    for each row execute function crosscheck_mark_immutable();
