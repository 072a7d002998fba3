-- Which engine started the loan's process instance: 'embedded:<uuid>' for one run of the in-memory engine, 'broker'
-- for a Camunda 8 broker or cluster. An open loan whose instance belongs to an engine run that is gone is resumed
-- (LoanProcessResumer); null marks instances started before this column existed.
alter table loan_application add column process_generation varchar(100);
