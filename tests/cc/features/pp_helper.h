/* Header for the preprocessor feature test (include guard and quoted include). */
#ifndef PP_HELPER_H
#define PP_HELPER_H
#define HELPER_VALUE 42
#define HELPER_SQ(x) ((x) * (x))
static int helper_defined_once;
#endif
