// Placeholder while the suite is written (issue 7).
#include <gtest/gtest.h>
