package io.bankofthings.lending.web.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

class BusinessKeyMdcFilterUnitTests {

    @Test
    void findsTheBusinessKeyOfEachKindOfPath() {
        assertThat(BusinessKeyMdcFilter.keys("/api/loan-applications/L-1/history")).isEqualTo(Map.of("loanId", "L-1"));
        assertThat(BusinessKeyMdcFilter.keys("/loans/L-2")).isEqualTo(Map.of("loanId", "L-2"));
        assertThat(BusinessKeyMdcFilter.keys("/api/underwriting/tasks/L-3/decision")).isEqualTo(Map.of("loanId", "L-3"));
        assertThat(BusinessKeyMdcFilter.keys("/api/grants/G-1/limits")).isEqualTo(Map.of("grantId", "G-1"));
        assertThat(BusinessKeyMdcFilter.keys("/api/things/thing:person:vehicle:sn-1/payments"))
                .isEqualTo(Map.of("thingId", "thing:person:vehicle:sn-1"));
        assertThat(BusinessKeyMdcFilter.keys("/things/thing:person:vehicle:sn-2/grants/G-2/revocation"))
                .isEqualTo(Map.of("grantId", "G-2", "thingId", "thing:person:vehicle:sn-2"));
        assertThat(BusinessKeyMdcFilter.keys("/api/things/thing:person:vehicle:sn-3/grants"))
                .isEqualTo(Map.of("thingId", "thing:person:vehicle:sn-3"));
        assertThat(BusinessKeyMdcFilter.keys("/loans/new")).isEmpty();
        assertThat(BusinessKeyMdcFilter.keys("/api/grants/notifications")).isEmpty();
        assertThat(BusinessKeyMdcFilter.keys("/api/models/loan-decision.dmn")).isEmpty();
    }

    @Test
    void setsTheKeyWhileTheRequestIsHandledAndRemovesItAfter() throws Exception {
        var seen = new AtomicReference<String>();
        var request = new MockHttpServletRequest("GET", "/api/loan-applications/L-42");
        new BusinessKeyMdcFilter().doFilter(request, new MockHttpServletResponse(),
                new MockFilterChain(new jakarta.servlet.http.HttpServlet() {
                    @Override
                    protected void service(jakarta.servlet.http.HttpServletRequest req,
                            jakarta.servlet.http.HttpServletResponse res) {
                        seen.set(MDC.get("loanId"));
                    }
                }));

        assertThat(seen.get()).isEqualTo("L-42");
        assertThat(MDC.get("loanId")).isNull();
    }
}
