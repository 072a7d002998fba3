package io.bankofthings.lending.web.logging;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.slf4j.MDC;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Puts the business key named in the request path into the MDC while the request is handled ({@code loanId},
 * {@code grantId}, {@code thingId}), so every log line about it can be found by that key, in plain and in structured
 * (ECS, Logstash) logs. Keys only: never bodies, tokens or credentials.
 */
public class BusinessKeyMdcFilter extends OncePerRequestFilter {

    /** MDC key of a loan application. */
    public static final String LOAN_ID = "loanId";
    /** MDC key of a payment grant. */
    public static final String GRANT_ID = "grantId";
    /** MDC key of a thing. */
    public static final String THING_ID = "thingId";

    private record KeyPattern(String key, Pattern pattern) {}

    private static final List<KeyPattern> PATTERNS = List.of(
            new KeyPattern(LOAN_ID, Pattern.compile("^/(?:api/loan-applications|loans|underwriting|api/underwriting/tasks)/([^/]+)")),
            new KeyPattern(GRANT_ID, Pattern.compile("^/(?:api/grants|(?:api/)?things/[^/]+/grants)/([^/]+)")),
            new KeyPattern(THING_ID, Pattern.compile("^/(?:api/)?things/([^/]+)")));

    /** Longest value put into the MDC; longer path segments are not business keys. */
    static final int MAX_KEY_LENGTH = 120;

    /** Returns the business keys named in {@code path}, in the order loan, grant, thing. */
    static Map<String, String> keys(String path) {
        var keys = new LinkedHashMap<String, String>();
        for (var candidate : PATTERNS) {
            var matcher = candidate.pattern().matcher(path);
            if (matcher.find()) {
                String value = matcher.group(1);
                if (!value.isEmpty() && value.length() <= MAX_KEY_LENGTH && !value.equals("new")
                        && !value.equals("notifications")) {
                    keys.put(candidate.key(), value);
                }
            }
        }
        return keys;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        var keys = keys(request.getRequestURI().substring(request.getContextPath().length()));
        keys.forEach(MDC::put);
        try {
            chain.doFilter(request, response);
        } finally {
            keys.keySet().forEach(MDC::remove);
        }
    }
}
