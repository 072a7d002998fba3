package io.bankofthings.lending.loan;

/**
 * Where a collateral item is kept: its address and a circle around the given coordinates (WGS 84) that its devices
 * must stay inside.
 *
 * @param radiusMeters radius of the site in metres, positive
 */
public record CollateralSite(String address, double latitude, double longitude, int radiusMeters) {

    static final double EARTH_RADIUS_METERS = 6_371_000;

    /** Great-circle (haversine) distance in metres from the site's centre to a position. */
    public double distanceMetersTo(double lat, double lon) {
        double dLat = Math.toRadians(lat - latitude);
        double dLon = Math.toRadians(lon - longitude);
        double a = Math.sin(dLat / 2) * Math.sin(dLat / 2)
                + Math.cos(Math.toRadians(latitude)) * Math.cos(Math.toRadians(lat)) * Math.sin(dLon / 2) * Math.sin(dLon / 2);
        return 2 * EARTH_RADIUS_METERS * Math.asin(Math.min(1, Math.sqrt(a)));
    }

    public boolean contains(double lat, double lon) {
        return distanceMetersTo(lat, lon) <= radiusMeters;
    }
}
