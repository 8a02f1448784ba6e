// Prints the outputs of one TFLite_Detection_PostProcess call on the
// SSD-MobileNet workload as float32 bit patterns, in the format that
// detect_harness/tflm_ssd.py reads (shared by tflm_main.c and
// tflite_ssd_main.c, whose outputs are compared with TFLite Micro's).
#ifndef DETECT_TEST_SSD_PRINT_H
#define DETECT_TEST_SSD_PRINT_H

#include <stdint.h>
#include <stdio.h>
#include <string.h>

enum { MAX_DET = 10 };

static float boxes[MAX_DET * 4], classes[MAX_DET], scores[MAX_DET], num[1];

static uint32_t bits(float f) {
  uint32_t u;
  memcpy(&u, &f, sizeof u);
  return u;
}

static void print_case(const char *name) {
  printf("case %s\nnum_det %08lx\n", name, (unsigned long)bits(num[0]));
  for (int i = 0; i < MAX_DET; ++i)
    printf("row %d cls=%08lx score=%08lx box=[%08lx %08lx %08lx %08lx]\n", i,
           (unsigned long)bits(classes[i]), (unsigned long)bits(scores[i]),
           (unsigned long)bits(boxes[4 * i]), (unsigned long)bits(boxes[4 * i + 1]),
           (unsigned long)bits(boxes[4 * i + 2]), (unsigned long)bits(boxes[4 * i + 3]));
}

#endif // DETECT_TEST_SSD_PRINT_H
