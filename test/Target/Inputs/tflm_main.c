// Runs TFLite_Detection_PostProcess, compiled by detect-compile from
// ssd_tflm.mlir, on the SSD-MobileNet workload (ssd_inputs.c) and prints every
// output as float32 bit patterns, in the case names of tflm_expected.txt.
// bench_start/bench_stop bracket each call for instruction counting.
// SSD_CASES (a bit mask, default all four) selects the cases to link, so that
// one case's flash can be measured alone.
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "ssd_inputs.h"
#include "ssd_print.h"
#include "ssd_tflm.h"

#ifndef SSD_CASES
#define SSD_CASES 15
#endif

enum { N = SSD_NUM_ANCHORS, COLUMNS = SSD_NUM_COLUMNS };

static float encodings[N * 4], predictions[N * COLUMNS], anchors[N * 4];

__attribute__((noinline)) void bench_start(void) { __asm__ volatile(""); }
__attribute__((noinline)) void bench_stop(void) { __asm__ volatile(""); }

#define RUN(mask, fn, name)                                                    \
  if (SSD_CASES & (mask)) {                                                    \
    memset(boxes, 0xff, sizeof boxes);                                         \
    memset(classes, 0xff, sizeof classes);                                     \
    memset(scores, 0xff, sizeof scores);                                       \
    bench_start();                                                             \
    fn(encodings, predictions, anchors, boxes, classes, scores, num);          \
    bench_stop();                                                              \
    print_case(name);                                                          \
  }

int main(void) {
  ssd_make_inputs(encodings, predictions, anchors);
  RUN(1, ssd_fast_thr1e_8, "ssd_fast_thr1e-8")
  RUN(2, ssd_regular_thr1e_8, "ssd_regular_thr1e-8")
  RUN(4, ssd_fast_thr0_5, "ssd_fast_thr0.5")
  RUN(8, ssd_regular_thr0_5, "ssd_regular_thr0.5")
  return 0;
}
