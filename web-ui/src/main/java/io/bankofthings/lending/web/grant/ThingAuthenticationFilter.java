package io.bankofthings.lending.web.grant;

import io.bankofthings.lending.grant.ThingRegistry;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates a thing on {@code /api/things/{thingId}/payments} by the header {@code Authorization: Thing <credential>}:
 * the credential must belong to the thing named in the path. Without a valid credential the request stays
 * anonymous and the chain answers 401. Logs name the thing, never the credential.
 */
class ThingAuthenticationFilter extends OncePerRequestFilter {

    static final String SCHEME = "Thing ";
    private static final Pattern PAYMENTS_PATH = Pattern.compile("/api/things/([^/]+)/payments/?");
    private static final Logger LOG = LoggerFactory.getLogger(ThingAuthenticationFilter.class);

    private final ThingRegistry things;

    ThingAuthenticationFilter(ThingRegistry things) {
        this.things = things;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader("Authorization");
        String path = request.getRequestURI().substring(request.getContextPath().length());
        var matcher = PAYMENTS_PATH.matcher(path);
        if (header != null && header.regionMatches(true, 0, SCHEME, 0, SCHEME.length()) && matcher.matches()) {
            String thingId = URLDecoder.decode(matcher.group(1), StandardCharsets.UTF_8);
            String credential = header.substring(SCHEME.length()).strip();
            var thing = things.authenticate(thingId, credential);
            if (thing.isPresent()) {
                var context = SecurityContextHolder.createEmptyContext();
                context.setAuthentication(new ThingAuthentication(thing.get().thingId()));
                SecurityContextHolder.setContext(context);
            } else {
                LOG.info("Thing {} presented a wrong credential", thingId);
            }
        }
        // No clearing here: ExceptionTranslationFilter reads the context when access is denied (401 vs 403), and
        // SecurityContextHolderFilter clears it when the request ends.
        chain.doFilter(request, response);
    }
}
