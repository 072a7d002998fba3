package io.bankofthings.lending;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.jwt;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.JwtRequestPostProcessor;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.RequestBuilder;

/**
 * Malformed and hostile input to the public endpoints of the whole application (embedded defaults): oversized
 * bodies, wrong types, deep nesting, injections, path traversal, XML entities and invalid BPMN. Each gets a clear
 * 4xx problem (a reason, field errors where there are fields) and no table changes: the row count of every table
 * is the same before and after, but for the audit trail, which records the refused model saves as REFUSED.
 */
@SpringBootTest
@AutoConfigureMockMvc
class HostileInputIntegrationTests {

    @DynamicPropertySource
    static void embeddedDefaults(DynamicPropertyRegistry registry) {
        EmbeddedDefaultsSupport.register(registry);
        // every hostile request must reach the input checks, not the per-borrower rate limit (tested on its own)
        registry.add("lending.rate-limits.applications.capacity", () -> 1_000);
        registry.add("lending.rate-limits.payments.capacity", () -> 1_000);
    }

    @Autowired MockMvc mvc;
    @Autowired JdbcClient jdbc;

    private static JwtRequestPostProcessor as(String name, String role) {
        return jwt().jwt(j -> j.subject(name + "-subject").claim("preferred_username", name))
                .authorities(new SimpleGrantedAuthority("ROLE_" + role));
    }

    private static final JwtRequestPostProcessor BORROWER = as("mallory", "borrower");
    private static final JwtRequestPostProcessor ANALYST = as("mallory-analyst", "analyst");
    private static final JwtRequestPostProcessor UNDERWRITER = as("mallory-underwriter", "underwriter");

    private static final String GOOD = LoanTestData.application(100_000, 12, "ANNUITY", "EQUIPMENT", 5_000_000,
            "SN-hostile", "hostile-device", "EQUIPMENT_MONITOR");

    /** A valid application body with one field (a dotted path such as collateral.0.kind) set to the raw JSON given. */
    private static String loan(String path, String rawJson) {
        try {
            var mapper = new ObjectMapper();
            JsonNode body = mapper.readTree(GOOD);
            String[] parts = path.split("\\.");
            JsonNode parent = body;
            for (int i = 0; i < parts.length - 1; i++) {
                parent = parts[i].matches("\\d+") ? parent.get(Integer.parseInt(parts[i])) : parent.get(parts[i]);
            }
            ((ObjectNode) parent).set(parts[parts.length - 1], mapper.readTree(rawJson));
            return mapper.writeValueAsString(body);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private record Case(String name, RequestBuilder request, int status, String mentions) {}

    private static Case loanCase(String name, String body, int status, String mentions) {
        return new Case(name, post("/api/loan-applications").with(BORROWER).contentType(MediaType.APPLICATION_JSON)
                .content(body), status, mentions);
    }

    private Map<String, Long> rowCounts() {
        var counts = new TreeMap<String, Long>();
        for (String table : jdbc.sql("""
                        select table_name from information_schema.tables
                        where table_schema = 'public' and table_type = 'BASE TABLE' and table_name <> 'flyway_schema_history'""")
                .query(String.class).list()) {
            counts.put(table, jdbc.sql("select count(*) from \"" + table + "\"").query(Long.class).single());
        }
        return counts;
    }

    @Test
    void everyHostileRequestGetsAClear4xxAndChangesNoTable() throws Exception {
        String deepJson = "[".repeat(5_000) + "]".repeat(5_000);
        String hugePurpose = "\"" + "x".repeat(2_000_000) + "\"";
        String xxe = """
                <?xml version="1.0"?>
                <!DOCTYPE definitions [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
                <definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d" targetNamespace="x">
                  <process id="hostile" isExecutable="true"><startEvent id="s" name="&xxe;"/></process>
                </definitions>""";
        String notExecutable = """
                <?xml version="1.0"?>
                <definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d" targetNamespace="x">
                  <process id="hostile" isExecutable="true"><startEvent id="s"/><sequenceFlow id="f" sourceRef="s" targetRef="nowhere"/></process>
                </definitions>""";
        var cases = List.of(
                loanCase("amount of the wrong type", loan("amountMinor", "\"lots\""), 400, "amountMinor"),
                loanCase("term of the wrong type", loan("termMonths", "[24]"), 400, "termMonths"),
                loanCase("negative amount", loan("amountMinor", "-1000"), 400, "amountMinor"),
                loanCase("amount beyond a long", loan("amountMinor", "99999999999999999999999"), 400, "amountMinor"),
                loanCase("SQL in the currency", loan("currency", "\"EUR'); drop table ledger_entry; --\""), 400, "currency"),
                loanCase("no collateral", loan("collateral", "[]"), 400, "collateral"),
                loanCase("collateral of the wrong kind", loan("collateral.0.kind", "\"<script>alert(1)</script>\""),
                        400, "collateral"),
                // a 2 MB body is refused by the JSON body limit before it is parsed
                loanCase("oversized purpose", loan("purpose", hugePurpose), 413, "the limit is"),
                loanCase("not JSON", "amountMinor=1000&currency=EUR", 400, "not valid JSON"),
                loanCase("a JSON array", "[1, 2, 3]", 400, null),
                loanCase("JSON nested 5000 deep", deepJson, 400, null),
                loanCase("empty body", "", 400, null),
                new Case("loan as plain text", post("/api/loan-applications").with(BORROWER)
                        .contentType(MediaType.TEXT_PLAIN).content("amountMinor=1000"), 415, "application/json"),
                // the loan API also reads XML bodies (Jackson XML is on the class path): entities are not expanded
                new Case("loan as XML with an external entity", post("/api/loan-applications").with(BORROWER)
                        .contentType(MediaType.APPLICATION_XML).content("""
                                <?xml version="1.0"?>
                                <!DOCTYPE loan [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
                                <loan><amountMinor>1000</amountMinor><purpose>&xxe;</purpose></loan>"""), 400, null),
                new Case("injection in a loan id", get("/api/loan-applications/{id}", "L-1' or '1'='1").with(BORROWER),
                        404, null),
                new Case("BPMN with an external entity", put("/api/models/{name}", "hostile.bpmn").with(ANALYST)
                        .contentType(MediaType.APPLICATION_XML).content(xxe), 422, null),
                new Case("BPMN that is not XML", put("/api/models/{name}", "hostile.bpmn").with(ANALYST)
                        .contentType(MediaType.APPLICATION_XML).content("{\"not\": \"xml\"}"), 422, null),
                new Case("BPMN with a dangling flow", put("/api/models/{name}", "hostile.bpmn").with(ANALYST)
                        .contentType(MediaType.APPLICATION_XML).content(notExecutable), 422, null),
                new Case("model name that is no file name", put("/api/models/{name}", "..passwd!.bpmn").with(ANALYST)
                        .contentType(MediaType.APPLICATION_XML).content(notExecutable), 400, null),
                new Case("oversized model", put("/api/models/{name}", "huge.bpmn").with(ANALYST)
                        .contentType(MediaType.APPLICATION_XML).content("<a>" + "x".repeat(2_000_000) + "</a>"), 413, null),
                new Case("decision of the wrong type", post("/api/underwriting/tasks/{id}/decision", "L-none").with(UNDERWRITER)
                        .contentType(MediaType.APPLICATION_JSON).content("{\"outcome\": 1, \"reason\": [\"x\"]}"), 400, null),
                new Case("decision with an unknown outcome", post("/api/underwriting/tasks/{id}/decision", "L-none")
                        .with(UNDERWRITER).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"outcome\": \"APPROVE_AND_PAY_TWICE\", \"reason\": \"because\"}"), 400, "outcome"),
                new Case("thing of the wrong type", post("/api/things").with(BORROWER).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"ownerType\": 5, \"kind\": {}, \"serial\": null}"), 400, null),
                new Case("operations search with injection", get("/api/operations/process-instances")
                        .param("state", "ACTIVE' or 1=1 --").with(as("olga", "operator")), 400, "state"));

        var before = rowCounts();
        var unexpected = new ArrayList<String>();
        for (Case c : cases) {
            MockHttpServletResponse response = mvc.perform(c.request()).andReturn().getResponse();
            String body = response.getContentAsString();
            if (response.getStatus() != c.status()) {
                unexpected.add(c.name() + ": HTTP " + response.getStatus() + " instead of " + c.status() + " " + abbreviate(body));
                continue;
            }
            if (!body.contains("\"detail\"")) {
                unexpected.add(c.name() + ": no problem detail in " + abbreviate(body));
            }
            if (c.mentions() != null && !body.contains(c.mentions())) {
                unexpected.add(c.name() + ": the reason does not mention " + c.mentions() + ": " + abbreviate(body));
            }
            if (body.contains("root:x:0:0")) {
                unexpected.add(c.name() + ": the response leaks a local file");
            }
        }
        // an encoded path in the model name is stopped by Spring Security's firewall before any handler (no body)
        var traversal = mvc.perform(put("/api/models/..%2F..%2Fetc%2Fpasswd.bpmn").with(ANALYST)
                        .contentType(MediaType.APPLICATION_XML).content(notExecutable))
                .andReturn().getResponse();
        if (traversal.getStatus() != 400) {
            unexpected.add("encoded path traversal: HTTP " + traversal.getStatus());
        }
        assertThat(unexpected).as("requests not refused as expected").isEmpty();
        var after = rowCounts();
        // refused model saves are audited by design; every new audit row must be a refusal
        long newAuditRows = after.remove("audit_event") - before.remove("audit_event");
        assertThat(newAuditRows).as("audited refusals of the model saves").isEqualTo(4);
        assertThat(jdbc.sql("select count(*) from audit_event where outcome <> 'REFUSED'").query(Long.class).single())
                .isZero();
        assertThat(after).as("row count of every other table").isEqualTo(before);
    }

    private static String abbreviate(String body) {
        return body.length() > 300 ? body.substring(0, 300) + "…" : body;
    }
}
