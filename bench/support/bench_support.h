// What the benchmarks under bench/ share: the statistics they print (docs/benchmarks.md). Each
// takes its series by value (it sorts a copy); a series must not be empty. Pure functions;
// thread-safe.
#pragma once

#include <vector>

namespace kittylog::bench {

// The upper median: the element at size/2 of the sorted series.
double Median(std::vector<double> values);

// The element at size*9/10 of the sorted series.
double Percentile90(std::vector<double> values);

}  // namespace kittylog::bench
