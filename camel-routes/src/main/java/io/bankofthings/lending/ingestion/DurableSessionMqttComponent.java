package io.bankofthings.lending.ingestion;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.camel.Consumer;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.component.paho.mqtt5.PahoMqtt5Component;
import org.apache.camel.component.paho.mqtt5.PahoMqtt5Configuration;
import org.apache.camel.component.paho.mqtt5.PahoMqtt5Consumer;
import org.apache.camel.component.paho.mqtt5.PahoMqtt5Endpoint;
import org.apache.camel.component.paho.mqtt5.PahoMqtt5EndpointConfigurer;
import org.apache.camel.spi.PropertyConfigurer;
import org.apache.camel.spi.Synchronization;
import org.apache.camel.support.SynchronizationAdapter;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttClientPersistence;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The paho-mqtt5 component with a consumer that sets its message callback <em>before</em> it connects and that
 * acknowledges a message only once its content is durable.
 *
 * <p>Camel's own consumer connects first and sets the callback afterwards. With a durable session
 * ({@code cleanStart=false}) the broker sends the messages queued while the consumer was away right after CONNACK;
 * the ones that arrive before the callback is set reach no listener, and with manual acknowledgements they are never
 * acknowledged either, so they stay in flight at the broker until the next reconnect: after a restart, readings
 * queued during the outage would wait indefinitely. This consumer hands Camel's consumer a client that connects only
 * when Camel subscribes, which is after the callback is in place.
 *
 * <p>With manual acknowledgements, Camel's consumer acknowledges a message when its exchange completes. An exchange
 * that reaches an aggregator completes as soon as it is aggregated (the aggregator works on a copy), so Camel
 * acknowledged MQTT readings before their batch was stored: a batch that then failed, for instance because the route
 * was stopping, lost its readings. This consumer replaces that acknowledgement with a {@link TransportAcknowledgement}
 * put on the exchange ({@link IngestionHeaders#ACKNOWLEDGEMENT}): the MQTT route sends it once the batch is written,
 * and the message's own exchange sends it on completion only when the message was quarantined
 * ({@link IngestionHeaders#DURABLE}). Every other message stays unacknowledged and the broker delivers it again when
 * the consumer reconnects.
 *
 * <p>Registered under {@link #SCHEME}; every paho-mqtt5 endpoint option applies.
 */
public class DurableSessionMqttComponent extends PahoMqtt5Component {

    /** URI scheme of this component. */
    public static final String SCHEME = "durable-mqtt5";

    private static final Logger LOG = LoggerFactory.getLogger(DurableSessionMqttComponent.class);

    private static final PropertyConfigurer ENDPOINT_CONFIGURER = new PahoMqtt5EndpointConfigurer();

    /** The generated paho-mqtt5 configurer: it is looked up by scheme, which differs here, so name it directly. */
    @Override
    public PropertyConfigurer getEndpointPropertyConfigurer() {
        return ENDPOINT_CONFIGURER;
    }

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        PahoMqtt5Endpoint endpoint = new DurableSessionEndpoint(uri, remaining, this, getConfiguration().copy());
        setProperties(endpoint, parameters);
        return endpoint;
    }

    /** An endpoint whose consumers connect after their callback is set. */
    static final class DurableSessionEndpoint extends PahoMqtt5Endpoint {

        DurableSessionEndpoint(String uri, String topic, PahoMqtt5Component component, PahoMqtt5Configuration configuration) {
            super(uri, topic, component, configuration);
        }

        @Override
        public Consumer createConsumer(Processor processor) throws Exception {
            DurableSessionConsumer consumer = new DurableSessionConsumer(this, processor);
            configureConsumer(consumer);
            return consumer;
        }

        MqttConnectionOptions connectionOptions() {
            return createMqttConnectionOptions();
        }

        static String newClientId() {
            return generateClientId();
        }

        static MqttClientPersistence persistence(PahoMqtt5Configuration configuration) {
            return createMqttClientPersistence(configuration);
        }
    }

    /** Creates a fresh, unconnected client on each start and disconnects it on each stop. */
    static final class DurableSessionConsumer extends PahoMqtt5Consumer {

        private volatile @Nullable MqttClient ownClient;

        DurableSessionConsumer(DurableSessionEndpoint endpoint, Processor processor) {
            super(endpoint, processor);
        }

        @Override
        protected void doStart() throws Exception {
            DurableSessionEndpoint endpoint = (DurableSessionEndpoint) getEndpoint();
            PahoMqtt5Configuration configuration = endpoint.getConfiguration();
            String clientId = configuration.getClientId() != null ? configuration.getClientId() : DurableSessionEndpoint.newClientId();
            ConnectOnSubscribeClient client = new ConnectOnSubscribeClient(
                    configuration.getBrokerUrl(),
                    clientId,
                    DurableSessionEndpoint.persistence(configuration),
                    endpoint.connectionOptions());
            client.setManualAcks(configuration.isManualAcksEnabled());
            ownClient = client;
            setClient(client);
            super.doStart(); // sets Camel's callback on the client, then subscribes: only then does the client connect
        }

        /** Replaces Camel's acknowledgement of the message with a {@link PubAck} sent once the message is durable. */
        @Override
        public Exchange createExchange(MqttMessage message, String topic) {
            Exchange exchange = super.createExchange(message, topic);
            MqttClient client = ownClient;
            if (client != null && getEndpoint().getConfiguration().isManualAcksEnabled()) {
                List<Synchronization> completions = exchange.getExchangeExtension().handoverCompletions();
                for (Synchronization completion : completions) {
                    if (completion.getClass().getEnclosingClass() != PahoMqtt5Consumer.class) {
                        exchange.getExchangeExtension().addOnCompletion(completion);
                    }
                }
                PubAck acknowledgement = new PubAck(client, message);
                exchange.setProperty(IngestionHeaders.ACKNOWLEDGEMENT, acknowledgement);
                exchange.getExchangeExtension().addOnCompletion(new AcknowledgeWhenQuarantined(acknowledgement));
            }
            return exchange;
        }

        @Override
        protected void doStop() throws Exception {
            MqttClient client = ownClient;
            ownClient = null;
            super.doStop(); // leaves a client it did not create connected: that is ours to close
            if (client != null) {
                try {
                    if (client.isConnected()) {
                        client.disconnect();
                    }
                } finally {
                    client.close();
                }
            }
        }
    }

    /** The PUBACK of one QoS 1 message, sent at most once. */
    static final class PubAck implements TransportAcknowledgement {

        private final MqttClient client;
        private final MqttMessage message;
        private final AtomicBoolean sent = new AtomicBoolean();

        PubAck(MqttClient client, MqttMessage message) {
            this.client = client;
            this.message = message;
        }

        @Override
        public void acknowledge() {
            if (!sent.compareAndSet(false, true)) {
                return;
            }
            try {
                client.messageArrivedComplete(message.getId(), message.getQos());
            } catch (MqttException e) {
                LOG.warn("MQTT message {} stored but not acknowledged ({}); the broker delivers it again on reconnect "
                        + "and readers drop the duplicate", message.getId(), e.getMessage());
            }
        }
    }

    /** Sends a message's acknowledgement when its own exchange completes after quarantining it. */
    static final class AcknowledgeWhenQuarantined extends SynchronizationAdapter {

        private final TransportAcknowledgement acknowledgement;

        AcknowledgeWhenQuarantined(TransportAcknowledgement acknowledgement) {
            this.acknowledgement = acknowledgement;
        }

        @Override
        public void onComplete(Exchange exchange) {
            if (Boolean.TRUE.equals(exchange.getProperty(IngestionHeaders.DURABLE, Boolean.class))) {
                acknowledgement.acknowledge();
            }
        }
    }

    /** A client that connects on its first subscribe, so a callback set before that sees every message. */
    static final class ConnectOnSubscribeClient extends MqttClient {

        private final MqttConnectionOptions options;

        ConnectOnSubscribeClient(String brokerUrl, String clientId, MqttClientPersistence persistence, MqttConnectionOptions options)
                throws MqttException {
            super(brokerUrl, clientId, persistence);
            this.options = options;
        }

        @Override
        public IMqttToken subscribe(String topicFilter, int qos) throws MqttException {
            synchronized (this) {
                if (!isConnected()) {
                    connect(options);
                }
            }
            return super.subscribe(topicFilter, qos);
        }
    }
}
