package io.bankofthings.lending;

import org.springframework.test.context.DynamicPropertyRegistry;

/** Opens {@link EmbeddedDefaultsSupport} to the test packages below this one. */
public final class EmbeddedDefaultsAccess {

    private EmbeddedDefaultsAccess() {}

    public static void register(DynamicPropertyRegistry registry) {
        EmbeddedDefaultsSupport.register(registry);
    }
}
