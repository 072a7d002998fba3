/**
 * The process read model: every engine record (process and element instances, jobs, user-task jobs, incidents,
 * variables, messages, decisions) projected into PostgreSQL, searchable by business key, fed by the in-process
 * engine's record stream or by a broker exporter; duplicates are ignored by record position.
 */
package io.bankofthings.lending.readmodel;
