package io.bankofthings.lending.web.ratelimit;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Takes a token of the caller's bucket before the handler runs, after authentication (so the principal is known): a
 * request without a token is answered 429 with {@code Retry-After} (whole seconds, rounded up) and a problem body,
 * and the handler never sees it. Unauthenticated requests are left to the security chains.
 */
final class RateLimitInterceptor implements HandlerInterceptor {

    private static final Logger LOG = LoggerFactory.getLogger(RateLimitInterceptor.class);

    private final String name;
    private final TokenBuckets buckets;
    private final ObjectMapper json;
    private final Counter refused;

    RateLimitInterceptor(String name, TokenBuckets buckets, ObjectMapper json, MeterRegistry meters) {
        this.name = name;
        this.buckets = buckets;
        this.json = json;
        this.refused = Counter.builder("lending.http.rate-limited")
                .description("Requests refused by a rate limit")
                .tag("limit", name)
                .register(meters);
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler)
            throws IOException {
        if (!"POST".equals(request.getMethod())) {
            return true;
        }
        var authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication == null || !authentication.isAuthenticated()
                || authentication instanceof AnonymousAuthenticationToken) {
            return true;
        }
        String principal = authentication.getName();
        Duration wait = buckets.tryTake(principal);
        if (wait.isZero()) {
            return true;
        }
        long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
        refused.increment();
        LOG.info("Rate limit {} refused a request of {} on {}; retry after {} s", name, principal,
                request.getRequestURI(), seconds);
        var problem = new LinkedHashMap<String, Object>();
        problem.put("type", "about:blank");
        problem.put("title", HttpStatus.TOO_MANY_REQUESTS.getReasonPhrase());
        problem.put("status", HttpStatus.TOO_MANY_REQUESTS.value());
        problem.put("detail", "Rate limit '%s' allows %d requests at once; try again in %d s"
                .formatted(name, buckets.capacity(), seconds));
        problem.put("instance", request.getRequestURI());
        problem.put("limit", name);
        problem.put("retryAfterSeconds", seconds);
        response.setStatus(HttpStatus.TOO_MANY_REQUESTS.value());
        response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        json.writeValue(response.getOutputStream(), problem);
        return false;
    }
}
