/** Who did what, when, on which subject: the append-only audit trail of analyst, underwriter and operator actions. */
package io.bankofthings.lending.web.audit;
