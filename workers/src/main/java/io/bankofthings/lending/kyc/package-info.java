/** Identity checks (KYC) of loan applicants. */
package io.bankofthings.lending.kyc;
