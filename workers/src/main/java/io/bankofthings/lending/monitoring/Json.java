package io.bankofthings.lending.monitoring;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** JSON of evidence, responses and geofences as stored in jsonb columns. */
final class Json {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final TypeReference<LinkedHashMap<String, Object>> MAP = new TypeReference<>() {};

    private Json() {}

    static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Not writable as JSON: " + value.getClass().getSimpleName(), e);
        }
    }

    static @Nullable Map<String, Object> readMap(@Nullable String json) {
        if (json == null) {
            return null;
        }
        try {
            return MAPPER.readValue(json, MAP);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Stored JSON is not valid", e);
        }
    }

    static @Nullable String writeGeofence(@Nullable Geofence geofence) {
        return switch (geofence) {
            case null -> null;
            case Geofence.Circle c -> write(Map.of("kind", "CIRCLE", "latitude", c.latitude(), "longitude", c.longitude(),
                    "radiusMeters", c.radiusMeters()));
            case Geofence.Polygon p -> write(Map.of("kind", "POLYGON", "vertices", p.vertices()));
        };
    }

    @SuppressWarnings("unchecked")
    static @Nullable Geofence readGeofence(@Nullable String json) {
        var map = readMap(json);
        if (map == null) {
            return null;
        }
        if ("CIRCLE".equals(map.get("kind"))) {
            return new Geofence.Circle(number(map, "latitude"), number(map, "longitude"), number(map, "radiusMeters"));
        }
        var vertices = new ArrayList<double[]>();
        for (List<Number> vertex : (List<List<Number>>) map.get("vertices")) {
            vertices.add(new double[] {vertex.get(0).doubleValue(), vertex.get(1).doubleValue()});
        }
        return new Geofence.Polygon(vertices);
    }

    private static double number(Map<String, Object> map, String key) {
        return ((Number) map.get(key)).doubleValue();
    }
}
