// Places: great-circle distance and the table of Chinese city centres. Pure, no I/O.
export { EARTH_RADIUS_KM, haversineKm, isPosition, type LatLon } from "./distance";
export { CITIES, findCity, nearestCity, type City } from "./cities";
