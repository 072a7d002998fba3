-- Which engine runs a grant's or an alert's process instance, as loan_application.process_generation (V53):
-- 'embedded:<uuid>' for one run of the in-memory engine, 'broker' for a Camunda 8 broker or cluster. An open grant or
-- alert whose instance belongs to an engine run that is gone is resumed (GrantProcessResumer, AlertProcessResumer);
-- null marks instances started before this column existed. An alert records it when its start message is published.
alter table authorization_grant add column process_generation varchar(100);
alter table monitoring_alert add column process_generation varchar(100);
