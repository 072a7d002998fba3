package io.bankofthings.lending.web.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The checks on the real Zeebe model API and the engine's DMN parser, on the platform's shipped models. */
class ModelCheckerUnitTests {

    static final ModelName LOAN = ModelName.of("chattel-mortgage-loan.bpmn");
    static final ModelName DECISION = ModelName.of("loan-decision.dmn");

    final ModelChecker checker = new ModelChecker(new ModelerSettings(64 * 1024));

    static String shipped(String file) {
        try (InputStream in = ModelCheckerUnitTests.class.getResourceAsStream("/models/" + file)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private ModelCheckResult check(ModelName name, String xml) {
        return checker.check(name, xml.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void shippedModelsPass() {
        assertThat(check(LOAN, shipped(LOAN.fileName())).findings()).isEmpty();
        assertThat(check(DECISION, shipped(DECISION.fileName())).valid()).isTrue();
    }

    @Test
    void malformedXmlIsAnErrorAboutTheWholeFile() {
        String xml = shipped(LOAN.fileName());
        var result = check(LOAN, xml.substring(0, xml.indexOf("<bpmn:userTask")));

        assertThat(result.valid()).isFalse();
        assertThat(result.findings()).singleElement().satisfies(f -> {
            assertThat(f.elementId()).isNull();
            assertThat(f.message()).startsWith("Not a valid BPMN 2.0 XML file: ").contains("XML document structures must start and end");
        });
    }

    @Test
    void schemaViolationNamesTheLine() {
        var result = check(LOAN, shipped(LOAN.fileName()).replace("</bpmn:process>", ""));

        assertThat(result.findings()).singleElement()
                .satisfies(f -> assertThat(f.message()).contains("Line=").contains("cvc-complex-type"));
    }

    @Test
    void serviceTaskWithoutJobTypeIsAnErrorOnThatTask() {
        String xml = shipped(LOAN.fileName()).replace("<zeebe:taskDefinition type=\"disburse-loan\" retries=\"5\" />", "");

        var result = check(LOAN, xml);

        assertThat(result.valid()).isFalse();
        assertThat(result.findings()).anySatisfy(f -> {
            assertThat(f.elementId()).isEqualTo("DisburseLoanTask");
            assertThat(f.severity()).isEqualTo(ModelFinding.Severity.ERROR);
            assertThat(f.message()).containsIgnoringCase("taskDefinition");
        });
    }

    @Test
    void processIdMustEqualTheFileName() {
        var result = check(ModelName.of("another-loan.bpmn"), shipped(LOAN.fileName()));

        assertThat(result.valid()).isFalse();
        assertThat(result.findings()).singleElement().satisfies(f -> {
            assertThat(f.elementId()).isEqualTo("chattel-mortgage-loan");
            assertThat(f.message()).contains("must define the process id 'another-loan'").contains("[chattel-mortgage-loan]");
        });
    }

    @Test
    void nonExecutableProcessIsRefused() {
        var result = check(LOAN, shipped(LOAN.fileName()).replace("isExecutable=\"true\"", "isExecutable=\"false\""));

        assertThat(result.valid()).isFalse();
        assertThat(result.findings()).extracting(ModelFinding::message).anyMatch(m -> m.contains("is not executable"));
    }

    @Test
    void oversizedModelIsRefusedWithItsSizeAndTheLimit() {
        byte[] big = new byte[64 * 1024 + 1];

        assertThatThrownBy(() -> checker.check(LOAN, big))
                .isInstanceOf(ModelTooLargeException.class)
                .hasMessage("Model chattel-mortgage-loan.bpmn is 65537 bytes; the limit is 65536 bytes");
    }

    @Test
    void emptyFileIsAnError() {
        assertThat(check(LOAN, "").findings()).extracting(ModelFinding::message).containsExactly("The file is empty");
    }

    @Test
    void dmnMustDefineTheDecisionItsFileNames() {
        var result = check(ModelName.of("credit-limit.dmn"), shipped(DECISION.fileName()));

        assertThat(result.valid()).isFalse();
        assertThat(result.findings()).singleElement()
                .satisfies(f -> assertThat(f.message()).contains("must define the decision id 'credit-limit'").contains("loan-decision"));
    }

    @Test
    void brokenDmnIsRefusedWithTheParserMessage() {
        var result = check(DECISION, shipped(DECISION.fileName()).replace("typeRef=\"number\"", "typeRef=\"number\" <"));

        assertThat(result.valid()).isFalse();
        assertThat(result.findings()).singleElement().satisfies(f -> assertThat(f.message()).startsWith("Not a valid DMN file: "));
    }

    @Test
    void fileNamesAreRestricted() {
        assertThat(ModelName.of("loan-decision.dmn").resourceId()).isEqualTo("loan-decision");
        assertThat(ModelName.of("loan-decision.dmn").kind()).isEqualTo(ModelKind.DMN);
        for (String bad : new String[] {"../etc/passwd.bpmn", "Loan.bpmn", "loan.xml", "loan", ".bpmn", "a b.bpmn"}) {
            assertThatThrownBy(() -> ModelName.of(bad)).isInstanceOf(InvalidModelNameException.class).hasMessageContaining(bad);
        }
    }
}
