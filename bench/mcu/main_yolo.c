/* Microcontroller benchmark harness for YOLOv8n heads: the tensor of
 * ../shared/workloads/yolov8 generated on the core itself (gen_tensor_q16),
 * one call of `yolo` between bench_start() and bench_stop(), then every
 * detection as STMicroelectronics' recorded ones are written: class and the
 * IEEE-754 bits of conf, xc, yc, w, h. -DIMG=640|320, -DINT8 for the int8
 * tensor (scale 1/255, zero point -128), -DNONE for the harness alone. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "gen.h"
#ifndef NONE
#include "yolo.h"
#endif

enum { N = GEN_NBOXES(IMG), CAPACITY = 800 };

__attribute__((noinline)) void bench_start(void) { __asm__ volatile(""); }
__attribute__((noinline)) void bench_stop(void) { __asm__ volatile(""); }

/* The Q16 tensor, then (in place, front to back) its int8 or float form. */
static uint32_t tensor[GEN_ROWS * N];

int main(void) {
  gen_tensor_q16(tensor, IMG);
#ifdef INT8
  int8_t *input = (int8_t *)tensor;
  for (uint32_t i = 0; i < GEN_ROWS * N; ++i)
    input[i] = gen_quant_s8(tensor[i]);
#else
  float *input = (float *)tensor;
  for (uint32_t i = 0; i < GEN_ROWS * N; ++i) {
    float f = gen_q16_to_f32(tensor[i]);
    memcpy(&input[i], &f, 4);
  }
#endif
  static float boxes[CAPACITY][4], scores[CAPACITY];
  static int32_t classes[CAPACITY];
  int32_t count[1] = {0};
  bench_start();
#ifdef NONE
  count[0] = input[0] > 2;
#else
  yolo(input, &boxes[0][0], scores, classes, count);
#endif
  bench_stop();
  printf("RESULT detections=%d\n", (int)count[0]);
  for (int i = 0; i < count[0]; ++i) {
    uint32_t bits[5];
    memcpy(&bits[0], &scores[i], 4);
    memcpy(&bits[1], boxes[i], 16);
    printf("DET cls %d bits %08lx %08lx %08lx %08lx %08lx\n", (int)classes[i],
           (unsigned long)bits[0], (unsigned long)bits[1], (unsigned long)bits[2],
           (unsigned long)bits[3], (unsigned long)bits[4]);
  }
  return 0;
}
