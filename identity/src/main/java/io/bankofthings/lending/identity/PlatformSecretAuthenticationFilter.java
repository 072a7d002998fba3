package io.bankofthings.lending.identity;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates {@code /ingest/{platform}} requests by the platform's shared secret in
 * {@value PlatformCredentials#SECRET_HEADER}: a match makes the request {@code platform:<name>} with role
 * {@value #ROLE}; anything else is answered 401 with an RFC 9457 problem. A user's bearer token or session plays no
 * part.
 */
final class PlatformSecretAuthenticationFilter extends OncePerRequestFilter {

    /** Role of an authenticated platform. */
    static final String ROLE = "iot-platform";

    private static final Pattern PLATFORM_PATH = Pattern.compile("^/ingest/([A-Za-z0-9_-]{1,64})/?$");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final PlatformCredentials credentials;

    PlatformSecretAuthenticationFilter(PlatformCredentials credentials) {
        this.credentials = credentials;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        Matcher platform = PLATFORM_PATH.matcher(path);
        if (!platform.matches()) {
            refuse(request, response, HttpStatus.NOT_FOUND, "Webhooks are POST /ingest/{platform}.");
            return;
        }
        if (!credentials.matches(platform.group(1), request.getHeader(PlatformCredentials.SECRET_HEADER))) {
            response.setHeader("WWW-Authenticate", "PlatformSecret header=\"%s\"".formatted(PlatformCredentials.SECRET_HEADER));
            refuse(request, response, HttpStatus.UNAUTHORIZED,
                    "A valid %s for platform '%s' is required.".formatted(PlatformCredentials.SECRET_HEADER, platform.group(1)));
            return;
        }
        var authentication = new UsernamePasswordAuthenticationToken(
                "platform:" + platform.group(1), null, List.of(new SimpleGrantedAuthority("ROLE_" + ROLE)));
        var context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(authentication);
        SecurityContextHolder.setContext(context);
        try {
            chain.doFilter(request, response);
        } finally {
            SecurityContextHolder.clearContext();
        }
    }

    private static void refuse(HttpServletRequest request, HttpServletResponse response, HttpStatus status, String detail)
            throws IOException {
        var problem = new LinkedHashMap<String, Object>();
        problem.put("type", "about:blank");
        problem.put("title", status.getReasonPhrase());
        problem.put("status", status.value());
        problem.put("detail", detail);
        problem.put("instance", request.getRequestURI());
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        JSON.writeValue(response.getOutputStream(), problem);
    }
}
