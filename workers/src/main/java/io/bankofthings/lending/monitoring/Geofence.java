package io.bankofthings.lending.monitoring;

import java.util.List;

/**
 * Where a collateral item may be: a circle or a polygon in WGS84 degrees. {@link #breachRatio} says how far out a
 * position is: below 1 inside, 1 on the boundary, above 1 outside, so an early warning can fire at e.g. 0.9.
 */
public sealed interface Geofence {

    /** Mean earth radius in metres. */
    double EARTH_RADIUS_METERS = 6_371_000;

    /** Distance of the position from the centre relative to the distance of the boundary in the same direction. */
    double breachRatio(double latitude, double longitude);

    /**
     * A circle around a site.
     *
     * @param radiusMeters radius in metres; positive
     */
    record Circle(double latitude, double longitude, double radiusMeters) implements Geofence {

        public Circle {
            checkPosition(latitude, longitude);
            if (!(radiusMeters > 0)) {
                throw new IllegalArgumentException("Geofence radius must be positive, in metres: " + radiusMeters);
            }
        }

        @Override
        public double breachRatio(double lat, double lon) {
            return distanceMeters(latitude, longitude, lat, lon) / radiusMeters;
        }
    }

    /**
     * A polygon of at least three vertices, each {@code [latitude, longitude]}, not closed (the last vertex connects to
     * the first). The ratio is measured along the ray from the vertices' centroid, exact for polygons star-shaped
     * around it (sites, yards, warehouses).
     */
    record Polygon(List<double[]> vertices) implements Geofence {

        public Polygon {
            if (vertices.size() < 3) {
                throw new IllegalArgumentException("A geofence polygon needs at least 3 vertices, has " + vertices.size());
            }
            for (double[] vertex : vertices) {
                if (vertex.length != 2) {
                    throw new IllegalArgumentException("A polygon vertex is [latitude, longitude], has " + vertex.length + " values");
                }
                checkPosition(vertex[0], vertex[1]);
            }
            vertices = List.copyOf(vertices);
        }

        @Override
        public double breachRatio(double lat, double lon) {
            double centreLat = vertices.stream().mapToDouble(v -> v[0]).average().orElseThrow();
            double centreLon = vertices.stream().mapToDouble(v -> v[1]).average().orElseThrow();
            double cos = Math.cos(Math.toRadians(centreLat));
            // local plane in metres around the centroid
            double px = Math.toRadians(lon - centreLon) * cos * EARTH_RADIUS_METERS;
            double py = Math.toRadians(lat - centreLat) * EARTH_RADIUS_METERS;
            double pointDistance = Math.hypot(px, py);
            if (pointDistance == 0) {
                return 0;
            }
            double dx = px / pointDistance;
            double dy = py / pointDistance;
            double boundary = Double.POSITIVE_INFINITY;
            for (int i = 0; i < vertices.size(); i++) {
                double[] a = vertices.get(i);
                double[] b = vertices.get((i + 1) % vertices.size());
                double ax = Math.toRadians(a[1] - centreLon) * cos * EARTH_RADIUS_METERS;
                double ay = Math.toRadians(a[0] - centreLat) * EARTH_RADIUS_METERS;
                double bx = Math.toRadians(b[1] - centreLon) * cos * EARTH_RADIUS_METERS;
                double by = Math.toRadians(b[0] - centreLat) * EARTH_RADIUS_METERS;
                // solve t*d = a + s*(b - a) for t >= 0, s in [0, 1]
                double ex = bx - ax;
                double ey = by - ay;
                double denominator = dx * ey - dy * ex;
                if (Math.abs(denominator) < 1e-12) {
                    continue;
                }
                double t = (ax * ey - ay * ex) / denominator;
                double s = (ax * dy - ay * dx) / denominator;
                if (t >= 0 && s >= -1e-9 && s <= 1 + 1e-9) {
                    boundary = Math.min(boundary, t);
                }
            }
            return boundary == Double.POSITIVE_INFINITY ? Double.POSITIVE_INFINITY : pointDistance / boundary;
        }
    }

    /** Great-circle distance in metres (haversine) between two WGS84 positions. */
    public static double distanceMeters(double lat1, double lon1, double lat2, double lon2) {
        double dLat = Math.toRadians(lat2 - lat1);
        double dLon = Math.toRadians(lon2 - lon1);
        double h = Math.sin(dLat / 2) * Math.sin(dLat / 2)
                + Math.cos(Math.toRadians(lat1)) * Math.cos(Math.toRadians(lat2)) * Math.sin(dLon / 2) * Math.sin(dLon / 2);
        return 2 * EARTH_RADIUS_METERS * Math.asin(Math.min(1, Math.sqrt(h)));
    }

    private static void checkPosition(double latitude, double longitude) {
        if (!(latitude >= -90 && latitude <= 90) || !(longitude >= -180 && longitude <= 180)) {
            throw new IllegalArgumentException("Geofence position out of range: lat=%s, lon=%s".formatted(latitude, longitude));
        }
    }
}
