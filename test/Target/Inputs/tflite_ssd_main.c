// Runs the four SSD heads imported from one .tflite file by
// detect-import-tflite (tflite_emulated.py; the anchors are a constant of the
// file, so each head takes the two head tensors only) on the SSD-MobileNet
// workload and prints every output as float32 bit patterns, in the case
// names and format of tflm_main.c.
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "ssd_inputs.h"
#include "ssd_print.h"

enum { N = SSD_NUM_ANCHORS, COLUMNS = SSD_NUM_COLUMNS };

#define HEAD(fn)                                                               \
  void fn(const float *enc, const float *cls, float *boxes, float *classes,    \
          float *scores, float *num);
HEAD(ssd_fast_thr1e_8)
HEAD(ssd_regular_thr1e_8)
HEAD(ssd_fast_thr0_5)
HEAD(ssd_regular_thr0_5)

static float encodings[N * 4], predictions[N * COLUMNS], anchors[N * 4];

#define RUN(fn, name)                                                          \
  memset(boxes, 0xff, sizeof boxes);                                           \
  memset(classes, 0xff, sizeof classes);                                       \
  memset(scores, 0xff, sizeof scores);                                         \
  fn(encodings, predictions, boxes, classes, scores, num);                     \
  print_case(name);

int main(void) {
  // The generator also makes the anchors, which the imported heads hold as
  // constants already.
  ssd_make_inputs(encodings, predictions, anchors);
  RUN(ssd_fast_thr1e_8, "ssd_fast_thr1e-8")
  RUN(ssd_regular_thr1e_8, "ssd_regular_thr1e-8")
  RUN(ssd_fast_thr0_5, "ssd_fast_thr0.5")
  RUN(ssd_regular_thr0_5, "ssd_regular_thr0.5")
  return 0;
}
