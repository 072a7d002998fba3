package io.bankofthings.lending.web.records;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/** Authenticates the exporter by its shared secret ({@code Authorization: Exporter <secret>}), compared in constant time. */
class ExporterAuthenticationFilter extends OncePerRequestFilter {

    static final String SCHEME = "Exporter ";
    static final String ROLE = "exporter";

    private final ExporterSettings settings;

    ExporterAuthenticationFilter(ExporterSettings settings) {
        this.settings = settings;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader("Authorization");
        if (settings.enabled() && header != null && header.startsWith(SCHEME)) {
            byte[] given = header.substring(SCHEME.length()).getBytes(StandardCharsets.UTF_8);
            byte[] expected = settings.secret().getBytes(StandardCharsets.UTF_8);
            if (MessageDigest.isEqual(given, expected)) {
                var authentication = new UsernamePasswordAuthenticationToken("exporter", null,
                        List.of(new SimpleGrantedAuthority("ROLE_" + ROLE)));
                SecurityContextHolder.getContext().setAuthentication(authentication);
            }
        }
        chain.doFilter(request, response);
    }
}
