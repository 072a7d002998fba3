-- Storage maintenance (camel-routes): the last run of each scheduled job on S3 (compaction, retention), for operators.
-- One row per job, replaced by each run that held the job's advisory lock; counts only, never object contents.
create table storage_maintenance_run (
    job             varchar(32)  primary key,
    started_at      timestamptz  not null,
    finished_at     timestamptz  not null,
    outcome         varchar(16)  not null,
    partitions      integer      not null,
    files           bigint       not null,
    objects_written bigint       not null,
    objects_deleted bigint       not null,
    bytes_before    bigint       not null,
    bytes_after     bigint       not null,
    detail          varchar(1000)
);
