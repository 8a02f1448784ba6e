// Inputs without elements (an NMS of no candidates, TensorFlow's
// CombinedNonMaxSuppression on a batch of no boxes) compile on both routes:
// an argument of rank >= 2 without elements is passed as a pointer to
// nothing (the C signature keeps its shape in a comment), nothing is read
// from it, and the outputs are the padding. The C is warning-free C99.
// RUN: rm -rf %t && mkdir -p %t
// RUN: detect-compile %s --target=host -o %t/obj.o --header=%t/empty.h
// RUN: FileCheck %s --check-prefix=HEADER --input-file=%t/empty.h
// RUN: %clang -I%t %S/Inputs/empty_main.c %t/obj.o -o %t/obj && %t/obj | FileCheck %s --check-prefix=OUT
// RUN: detect-compile %s --target=host --emit=c -o %t/empty.c
// RUN: gcc -std=c99 -Wall -Wextra -Werror -pedantic -I%t %S/Inputs/empty_main.c %t/empty.c -o %t/c && %t/c | FileCheck %s --check-prefix=OUT
// RUN: detect-compile %s --target=cortex-m0plus -o %t/m0.o
// RUN: detect-compile %s --target=cortex-m0plus --emit=c -o %t/m0.c
// RUN: arm-none-eabi-gcc -mcpu=cortex-m0plus -mthumb --specs=picolibc.specs -std=c99 -Wall -Wextra -Werror -pedantic -c %t/m0.c -o %t/m0c.o
//
// HEADER: void no_candidates(const float *arg0 /* [0][4] */, const float *arg1 /* [0] */, int32_t *result0 /* [0] */, int32_t *result1 /* [1] */);
// HEADER: void no_boxes(const float *arg0 /* [1][0][1][4] */, const float *arg1 /* [1][0][2] */, float *result0 /* [1][3][4] */, float *result1 /* [1][3] */, float *result2 /* [1][3] */, int32_t *result3 /* [1] */);
// OUT: no_candidates: count 0
// OUT: no_boxes: valid 0, 18 of 18 padding values are 0

func.func @no_candidates(%b: tensor<0x4xf32>, %s: tensor<0xf32>) -> (tensor<0xi32>, i32) {
  %k, %n = detect.nms %b, %s iou_threshold(0.5) : tensor<0x4xf32>, tensor<0xf32> -> tensor<0xi32>, i32
  return %k, %n : tensor<0xi32>, i32
}

func.func @no_boxes(%b: tensor<1x0x1x4xf32>, %s: tensor<1x0x2xf32>)
    -> (tensor<1x3x4xf32>, tensor<1x3xf32>, tensor<1x3xf32>, tensor<1xi32>) {
  %0:4 = detect.combined_nms %b, %s max_output_size_per_class(2) max_total_size(3) iou_threshold(0.5)
      : tensor<1x0x1x4xf32>, tensor<1x0x2xf32> -> tensor<1x3x4xf32>, tensor<1x3xf32>, tensor<1x3xf32>, tensor<1xi32>
  return %0#0, %0#1, %0#2, %0#3 : tensor<1x3x4xf32>, tensor<1x3xf32>, tensor<1x3xf32>, tensor<1xi32>
}
