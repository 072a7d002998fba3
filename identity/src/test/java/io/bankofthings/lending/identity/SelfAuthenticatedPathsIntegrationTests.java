package io.bankofthings.lending.identity;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.web.servlet.MockMvc;

/** The hook for modules that authenticate their own paths (e.g. ingestion with device credentials). */
@SpringBootTest(properties = {
    "lending.keycloak.url=http://127.0.0.1:9",
    "lending.keycloak.self-authenticated-paths=/ingest/**"
})
@AutoConfigureMockMvc
class SelfAuthenticatedPathsIntegrationTests {

    @Autowired MockMvc mvc;

    @Test
    void listedPathsReachTheirHandlerWithoutLoginTokenOrCsrf() throws Exception {
        mvc.perform(get("/ingest/probe")).andExpect(status().isOk()).andExpect(content().string("ingested"));
        mvc.perform(post("/ingest/probe")).andExpect(status().isMethodNotAllowed());
    }

    @Test
    void otherPathsStayProtected() throws Exception {
        mvc.perform(get("/api/probe/any")).andExpect(status().isUnauthorized());
        mvc.perform(get("/pages/probe")).andExpect(status().isFound());
    }
}
