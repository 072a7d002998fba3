/**
 * The operations API: operators search process instances in the read model, inspect one, retry an incident and
 * cancel an instance; every action, done or refused, is audited.
 */
package io.bankofthings.lending.web.operations;
