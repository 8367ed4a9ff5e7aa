/*
 * astro.h - the two astronomical events the lunar calendar is made of:
 * new moons and the sun's apparent longitude.
 *
 * Times are Julian Days.  "JDE" is Terrestrial Time (the uniform time of
 * the ephemerides); "JD" is Universal Time (the time of clocks, before the
 * time zone).  astro_tt_to_ut converts with an estimate of Delta T.
 *
 * Methods (Jean Meeus, Astronomical Algorithms, 2nd ed.):
 *   - new moons: chapter 49, with all periodic and planetary terms (a few
 *     seconds from the full lunar theory);
 *   - the sun: chapter 25's "higher accuracy" method, VSOP87 for the Earth
 *     truncated as in Appendix III, reduced to FK5, plus nutation in
 *     longitude (chapter 22, short series) and aberration (about one
 *     arcsecond, i.e. half a minute of time at a solar term);
 *   - Delta T: the polynomials of Espenak and Meeus (2006).
 */
#ifndef VNCAL_ASTRO_H
#define VNCAL_ASTRO_H

/* JDE of the new moon number k; k = 0 is the new moon of 2000-01-06. */
double astro_new_moon(int k);

/* The k of the first new moon at or after the JDE `jde` (about: within one). */
int astro_new_moon_index(double jde);

/* The sun's apparent geocentric ecliptic longitude at `jde`, in degrees
 * [0, 360), referred to the true equinox of date. */
double astro_sun_longitude(double jde);

/*
 * The same from Meeus' low-accuracy formulas (chapter 25): a few sines
 * instead of two hundred cosines, within ASTRO_FAST_ERROR degrees of
 * astro_sun_longitude over 1900-2200; for deciding quickly on which side
 * of a mark the sun is, when it is not close to the mark.
 */
double astro_sun_longitude_fast(double jde);
#define ASTRO_FAST_ERROR 0.02

/* Delta T = TT - UT in seconds for a moment given as a decimal year. */
double astro_delta_t(double year);

/* Universal Time for a JDE. */
double astro_tt_to_ut(double jde);

/* Terrestrial Time for a JD (UT). */
double astro_ut_to_tt(double jd);

#endif
