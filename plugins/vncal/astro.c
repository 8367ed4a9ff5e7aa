/*
 * astro.c - new moons, the sun's longitude and Delta T.
 *
 * The coefficient tables are the published series of the theories named in
 * astro.h (Meeus' chapter 49 and Appendix III); the code that evaluates
 * them is this file's own.  Only the longitude of the sun is needed (the
 * lunar calendar asks when the sun crosses a multiple of 30 degrees), so of
 * VSOP87 the L series are kept whole and the R series only as far as the
 * aberration term needs the distance.
 */
#include "astro.h"

#include <math.h>
#include <stddef.h>

#define PI 3.14159265358979323846
#define DEG (PI / 180.0)
#define ARCSEC (DEG / 3600.0)

#define J2000 2451545.0

/* An angle in degrees reduced to [0, 360); cheaper than fmod. */
static double reduce_degrees(double x)
{
    return x - 360.0 * floor(x / 360.0);
}

/* -- new moons (Meeus chapter 49) --------------------------------------- */

/* The mean synodic month, and the epoch of new moon number 0 (JDE). */
#define SYNODIC_MONTH 29.530588861
#define NEW_MOON_EPOCH 2451550.09766

/* One periodic term: coef * E^e_power * sin(m*M + mp*M' + f*F + om*Omega). */
struct moon_term {
    double coef;
    int e_power;
    int m, mp, f, om;
};

static const struct moon_term new_moon_terms[] = {
    {-0.40720, 0, 0, 1, 0, 0},  {0.17241, 1, 1, 0, 0, 0},   {0.01608, 0, 0, 2, 0, 0},
    {0.01039, 0, 0, 0, 2, 0},   {0.00739, 1, -1, 1, 0, 0},  {-0.00514, 1, 1, 1, 0, 0},
    {0.00208, 2, 2, 0, 0, 0},   {-0.00111, 0, 0, 1, -2, 0}, {-0.00057, 0, 0, 1, 2, 0},
    {0.00056, 1, 1, 2, 0, 0},   {-0.00042, 0, 0, 3, 0, 0},  {0.00042, 1, 1, 0, 2, 0},
    {0.00038, 1, 1, 0, -2, 0},  {-0.00024, 1, -1, 2, 0, 0}, {-0.00017, 0, 0, 0, 0, 1},
    {-0.00007, 0, 2, 1, 0, 0},  {0.00004, 0, 0, 2, -2, 0},  {0.00004, 0, 3, 0, 0, 0},
    {0.00003, 0, 1, 1, -2, 0},  {0.00003, 0, 0, 2, 2, 0},   {-0.00003, 0, 1, 1, 2, 0},
    {0.00003, 0, -1, 1, 2, 0},  {-0.00002, 0, -1, 1, -2, 0}, {-0.00002, 0, 1, 3, 0, 0},
    {0.00002, 0, 0, 4, 0, 0},
};

/* Planetary arguments A1..A14: degrees base + rate * k, and the coefficient
 * (days) of their sine.  A1 also has -0.009173 T^2, added in the code. */
struct planet_term {
    double base, rate, coef;
};

static const struct planet_term planet_terms[] = {
    {299.77, 0.107408, 0.000325}, {251.88, 0.016321, 0.000165}, {251.83, 26.651886, 0.000164},
    {349.42, 36.412478, 0.000126}, {84.66, 18.206239, 0.000110}, {141.74, 53.303771, 0.000062},
    {207.14, 2.453732, 0.000060},  {154.84, 7.306860, 0.000056}, {34.52, 27.261239, 0.000047},
    {207.19, 0.121824, 0.000042},  {291.34, 1.844379, 0.000040}, {161.72, 24.198154, 0.000037},
    {239.56, 25.513099, 0.000035}, {331.55, 3.592518, 0.000023},
};

double astro_new_moon(int k)
{
    double kk = (double)k;
    double t = kk / 1236.85;
    double t2 = t * t, t3 = t2 * t, t4 = t3 * t;
    double jde = NEW_MOON_EPOCH + SYNODIC_MONTH * kk + 0.00015437 * t2 - 0.000000150 * t3 +
                 0.00000000073 * t4;
    double e = 1.0 - 0.002516 * t - 0.0000074 * t2;
    /* Mean anomalies of the sun (m) and moon (mp), the moon's argument of
     * latitude (f) and the longitude of its ascending node (om), degrees. */
    double m = reduce_degrees(2.5534 + 29.10535670 * kk - 0.0000014 * t2 - 0.00000011 * t3);
    double mp = reduce_degrees(201.5643 + 385.81693528 * kk + 0.0107582 * t2 +
                               0.00001238 * t3 - 0.000000058 * t4);
    double f = reduce_degrees(160.7108 + 390.67050284 * kk - 0.0016118 * t2 - 0.00000227 * t3 +
                              0.000000011 * t4);
    double om = reduce_degrees(124.7746 - 1.56375588 * kk + 0.0020672 * t2 + 0.00000215 * t3);

    for (size_t i = 0; i < sizeof new_moon_terms / sizeof new_moon_terms[0]; i++) {
        const struct moon_term *p = &new_moon_terms[i];
        double arg = p->m * m + p->mp * mp + p->f * f + p->om * om;
        double factor = p->e_power == 0 ? 1.0 : p->e_power == 1 ? e : e * e;
        jde += p->coef * factor * sin(reduce_degrees(arg) * DEG);
    }
    for (size_t i = 0; i < sizeof planet_terms / sizeof planet_terms[0]; i++) {
        double a = planet_terms[i].base + planet_terms[i].rate * kk;
        if (i == 0)
            a -= 0.009173 * t2;
        jde += planet_terms[i].coef * sin(reduce_degrees(a) * DEG);
    }
    return jde;
}

int astro_new_moon_index(double jde)
{
    int k = (int)floor((jde - NEW_MOON_EPOCH) / SYNODIC_MONTH);
    while (astro_new_moon(k) < jde)
        k++;
    while (astro_new_moon(k - 1) >= jde)
        k--;
    return k;
}

/* -- the sun (VSOP87 via Meeus chapter 25 and Appendix III) ------------- */

/* A VSOP87 term: a * cos(b + c * tau), tau in Julian millennia from J2000,
 * a in units of 1e-8 radian (L) or 1e-8 au (R). */
struct vsop_term {
    double a, b, c;
};

static const struct vsop_term earth_l0[] = {
    {175347046, 0, 0},           {3341656, 4.6692568, 6283.0758500},
    {34894, 4.6261, 12566.1517}, {3497, 2.7441, 5753.3849},
    {3418, 2.8289, 3.5231},      {3136, 3.6277, 77713.7715},
    {2676, 4.4181, 7860.4194},   {2343, 6.1352, 3930.2097},
    {1324, 0.7425, 11506.7698},  {1273, 2.0371, 529.6910},
    {1199, 1.1096, 1577.3435},   {990, 5.233, 5884.927},
    {902, 2.045, 26.298},        {857, 3.508, 398.149},
    {780, 1.179, 5223.694},      {753, 2.533, 5507.553},
    {505, 4.583, 18849.228},     {492, 4.205, 775.523},
    {357, 2.920, 0.067},         {317, 5.849, 11790.629},
    {284, 1.899, 796.298},       {271, 0.315, 10977.079},
    {243, 0.345, 5486.778},      {206, 4.806, 2544.314},
    {205, 1.869, 5573.143},      {202, 2.458, 6069.777},
    {156, 0.833, 213.299},       {132, 3.411, 2942.463},
    {126, 1.083, 20.775},        {115, 0.645, 0.980},
    {103, 0.636, 4694.003},      {102, 0.976, 15720.839},
    {102, 4.267, 7.114},         {99, 6.21, 2146.17},
    {98, 0.68, 155.42},          {86, 5.98, 161000.69},
    {85, 1.30, 6275.96},         {85, 3.67, 71430.70},
    {80, 1.81, 17260.15},        {79, 3.04, 12036.46},
    {71, 1.76, 5088.63},         {74, 3.50, 3154.69},
    {74, 4.68, 801.82},          {70, 0.83, 9437.76},
    {62, 3.98, 8827.39},         {61, 1.82, 7084.90},
    {57, 2.78, 6286.60},         {56, 4.39, 14143.50},
    {56, 3.47, 6279.55},         {52, 0.19, 12139.55},
    {52, 1.33, 1748.02},         {51, 0.28, 5856.48},
    {49, 0.49, 1194.45},         {41, 5.37, 8429.24},
    {41, 2.40, 19651.05},        {39, 6.17, 10447.39},
    {37, 6.04, 10213.29},        {37, 2.57, 1059.38},
    {36, 1.71, 2352.87},         {36, 1.78, 6812.77},
    {33, 0.59, 17789.85},        {30, 0.44, 83996.85},
    {30, 2.74, 1349.87},         {25, 3.16, 4690.48},
};

static const struct vsop_term earth_l1[] = {
    {628331966747.0, 0, 0},      {206059, 2.678235, 6283.075850},
    {4303, 2.6351, 12566.1517},  {425, 1.590, 3.523},
    {119, 5.796, 26.298},        {109, 2.966, 1577.344},
    {93, 2.59, 18849.23},        {72, 1.14, 529.69},
    {68, 1.87, 398.15},          {67, 4.41, 5507.55},
    {59, 2.89, 5223.69},         {56, 2.17, 155.42},
    {45, 0.40, 796.30},          {36, 0.47, 775.52},
    {29, 2.65, 7.11},            {21, 5.34, 0.98},
    {19, 1.85, 5486.78},         {19, 4.97, 213.30},
    {17, 2.99, 6275.96},         {16, 0.03, 2544.31},
    {16, 1.43, 2146.17},         {15, 1.21, 10977.08},
    {12, 2.83, 1748.02},         {12, 3.26, 5088.63},
    {12, 5.27, 1194.45},         {12, 2.08, 4694.00},
    {11, 0.77, 553.57},          {10, 1.30, 6286.60},
    {10, 4.24, 1349.87},         {9, 2.70, 242.73},
    {9, 5.64, 951.72},           {8, 5.30, 2352.87},
    {6, 2.65, 9437.76},          {6, 4.67, 4690.48},
};

static const struct vsop_term earth_l2[] = {
    {52919, 0, 0},               {8720, 1.0721, 6283.0758},
    {309, 0.867, 12566.152},     {27, 0.05, 3.52},
    {16, 5.19, 26.30},           {16, 3.68, 155.42},
    {10, 0.76, 18849.23},        {9, 2.06, 77713.77},
    {7, 0.83, 775.52},           {5, 4.66, 1577.34},
    {4, 1.03, 7.11},             {4, 3.44, 5573.14},
    {3, 5.14, 796.30},           {3, 6.05, 5507.55},
    {3, 1.19, 242.73},           {3, 6.12, 529.69},
    {3, 0.31, 398.15},           {3, 2.28, 553.57},
    {2, 4.38, 5223.69},          {2, 3.75, 0.98},
};

static const struct vsop_term earth_l3[] = {
    {289, 5.844, 6283.076}, {35, 0, 0},          {17, 5.49, 12566.15}, {3, 5.20, 155.42},
    {1, 4.72, 3.52},        {1, 5.30, 18849.23}, {1, 5.97, 242.73},
};

static const struct vsop_term earth_l4[] = {
    {114, 3.142, 0}, {8, 4.13, 6283.08}, {1, 3.84, 12566.15},
};

static const struct vsop_term earth_l5[] = {
    {1, 3.14, 0},
};

/* The leading terms of the radius vector: enough for the aberration. */
static const struct vsop_term earth_r0[] = {
    {100013989, 0, 0},          {1670700, 3.0984635, 6283.0758500},
    {13956, 3.05525, 12566.1517}, {3084, 5.1985, 77713.7715},
    {1628, 1.1739, 5753.3849},  {1576, 2.8469, 7860.4194},
};

static const struct vsop_term earth_r1[] = {
    {103019, 1.107490, 6283.075850}, {1721, 1.0644, 12566.1517}, {702, 3.142, 0},
};

static const struct vsop_term earth_r2[] = {
    {4359, 5.7846, 6283.0758},
};

static double vsop_sum(const struct vsop_term *terms, size_t n, double tau)
{
    double sum = 0.0;
    /* Smallest terms first, for a slightly better rounding. */
    for (size_t i = n; i-- > 0;)
        sum += terms[i].a * cos(terms[i].b + terms[i].c * tau);
    return sum;
}

#define VSOP_SUM(table, tau) vsop_sum(table, sizeof table / sizeof table[0], tau)

/* The Earth's heliocentric longitude (radians, ecliptic and equinox of
 * date) and distance (au) at `tau` millennia from J2000 (TT). */
static void earth_position(double tau, double *longitude, double *radius)
{
    double l0 = VSOP_SUM(earth_l0, tau), l1 = VSOP_SUM(earth_l1, tau);
    double l2 = VSOP_SUM(earth_l2, tau), l3 = VSOP_SUM(earth_l3, tau);
    double l4 = VSOP_SUM(earth_l4, tau), l5 = VSOP_SUM(earth_l5, tau);
    double r0 = VSOP_SUM(earth_r0, tau), r1 = VSOP_SUM(earth_r1, tau);
    double r2 = VSOP_SUM(earth_r2, tau);
    *longitude = (((((l5 * tau + l4) * tau + l3) * tau + l2) * tau + l1) * tau + l0) / 1e8;
    *radius = ((r2 * tau + r1) * tau + r0) / 1e8;
}

/* Nutation in longitude (radians), Meeus chapter 22, to about 0.5". */
static double nutation_longitude(double t)
{
    double omega = (125.04452 - 1934.136261 * t) * DEG;
    double sun = (280.4665 + 36000.7698 * t) * DEG;
    double moon = (218.3165 + 481267.8813 * t) * DEG;
    return (-17.20 * sin(omega) - 1.32 * sin(2 * sun) - 0.23 * sin(2 * moon) +
            0.21 * sin(2 * omega)) * ARCSEC;
}

double astro_sun_longitude(double jde)
{
    double t = (jde - J2000) / 36525.0;
    double longitude, radius;
    earth_position(t / 10.0, &longitude, &radius);
    /* Geocentric: the sun is opposite the Earth seen from the sun. */
    double lambda = longitude + PI;
    lambda += -0.09033 * ARCSEC;                /* VSOP87 to the FK5 system */
    lambda += nutation_longitude(t);            /* mean to true equinox */
    lambda += -20.4898 * ARCSEC / radius;       /* annual aberration */
    return reduce_degrees(lambda / DEG);
}

double astro_sun_longitude_fast(double jde)
{
    double t = (jde - J2000) / 36525.0;
    double mean = 280.46646 + 36000.76983 * t + 0.0003032 * t * t;
    double anomaly = reduce_degrees(357.52911 + 35999.05029 * t - 0.0001537 * t * t) * DEG;
    double center = (1.914602 - 0.004817 * t - 0.000014 * t * t) * sin(anomaly) +
                    (0.019993 - 0.000101 * t) * sin(2 * anomaly) + 0.000289 * sin(3 * anomaly);
    double omega = reduce_degrees(125.04 - 1934.136 * t) * DEG;
    return reduce_degrees(mean + center - 0.00569 - 0.00478 * sin(omega));
}

/* -- Delta T ------------------------------------------------------------- */

double astro_delta_t(double year)
{
    if (year < 1986.0) {
        double t = year - 1975.0;
        return 45.45 + 1.067 * t - t * t / 260.0 - t * t * t / 718.0;
    }
    if (year < 2005.0) {
        double t = year - 2000.0;
        return 63.86 + 0.3345 * t - 0.060374 * t * t + 0.0017275 * t * t * t +
               0.000651814 * t * t * t * t + 0.00002373599 * t * t * t * t * t;
    }
    if (year < 2050.0) {
        double t = year - 2000.0;
        return 62.92 + 0.32217 * t + 0.005589 * t * t;
    }
    double u = (year - 1820.0) / 100.0;
    return -20.0 + 32.0 * u * u - 0.5628 * (2150.0 - year);
}

static double decimal_year(double jd)
{
    return 2000.0 + (jd - J2000) / 365.25;
}

double astro_tt_to_ut(double jde)
{
    return jde - astro_delta_t(decimal_year(jde)) / 86400.0;
}

double astro_ut_to_tt(double jd)
{
    return jd + astro_delta_t(decimal_year(jd)) / 86400.0;
}
