package io.bankofthings.lending.grant;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * A thing's credential: 256 random bits, shown once at registration as {@code tsk_<base64url>}, stored only as its
 * SHA-256. A salted slow hash (BCrypt, PBKDF2) protects guessable passwords; a 256-bit random secret cannot be guessed,
 * so a fast hash is as safe and keeps every payment request cheap to authenticate (the usual practice for API tokens).
 */
public final class ThingCredentials {

    static final String PREFIX = "tsk_";
    private static final SecureRandom RANDOM = new SecureRandom();

    private ThingCredentials() {}

    public static String generate() {
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    }

    /** Hex SHA-256 of the credential. */
    public static String hash(String credential) {
        try {
            var digest = MessageDigest.getInstance("SHA-256").digest(credential.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** Compares in constant time, so the answer time says nothing about how much of the hash matched. */
    public static boolean matches(String credential, String storedHash) {
        if (credential == null || storedHash == null) {
            return false;
        }
        return MessageDigest.isEqual(
                hash(credential).getBytes(StandardCharsets.US_ASCII), storedHash.getBytes(StandardCharsets.US_ASCII));
    }
}
