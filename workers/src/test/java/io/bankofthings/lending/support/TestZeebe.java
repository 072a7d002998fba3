package io.bankofthings.lending.support;

import io.camunda.client.CamundaClient;
import io.camunda.zeebe.process.test.api.ZeebeTestEngine;
import io.camunda.zeebe.process.test.engine.EngineFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;

/**
 * A real in-memory Zeebe engine (zeebe-process-test-engine) serving gRPC on a free loopback port, with a
 * {@link CamundaClient} and every model of the platform deployed, as the application runs it embedded.
 */
public final class TestZeebe implements AutoCloseable {

    private static TestZeebe shared;

    private final ZeebeTestEngine engine;
    private final CamundaClient client;

    private TestZeebe() {
        engine = EngineFactory.create(freePort());
        engine.start();
        client = CamundaClient.newClientBuilder()
                .grpcAddress(URI.create("http://" + engine.getGatewayAddress()))
                .preferRestOverGrpc(false)
                .defaultRequestTimeout(Duration.ofSeconds(30))
                .build();
        client.newDeployResourceCommand()
                .addResourceFromClasspath("models/authorization-grant.bpmn")
                .addResourceFromClasspath("models/grant-risk.dmn")
                .addResourceFromClasspath("models/post-loan-monitoring.bpmn")
                .addResourceFromClasspath("models/alert-response.dmn")
                .send()
                .join();
    }

    /** One engine for the test JVM; do not move its clock (use {@link #fresh()} for that). */
    public static synchronized TestZeebe shared() {
        if (shared == null) {
            shared = new TestZeebe();
            Runtime.getRuntime().addShutdownHook(new Thread(shared::close));
        }
        return shared;
    }

    /** An engine of its own, e.g. for a test that moves the engine's clock; close it afterwards. */
    public static TestZeebe fresh() {
        return new TestZeebe();
    }

    public CamundaClient client() {
        return client;
    }

    public ZeebeTestEngine engine() {
        return engine;
    }

    public void idle() {
        try {
            engine.waitForIdleState(Duration.ofSeconds(5));
        } catch (Exception e) {
            throw new IllegalStateException("The engine did not become idle", e);
        }
    }

    @Override
    public void close() {
        client.close();
        engine.stop();
    }

    private static int freePort() {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
