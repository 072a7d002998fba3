package io.bankofthings.lending.identity;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/** Boots the identity module alone (with {@link ProbeController}) for its slice and integration tests. */
@SpringBootApplication
class IdentityTestApplication {}
