// Package portfolio compares many cities' roadmaps: each city's maturity
// scores, level, rank and percentile within its peer group (country,
// population band or any field of the city file), the gaps most cities
// share, the Foundation-phase initiatives most cities need first, and the
// budget and funding need across the portfolio. It keeps a few numbers per
// city, never a rendered roadmap, so that a thousand cities fit in modest
// memory. Document and Workbook lay the result out through the document
// engine and the workbook builder; the percentile method is stated in both.
package portfolio
