import { z } from "zod";

export const signInSchema = z.object({
  email: z.string().trim().min(1, "Enter your email address").pipe(z.email("Enter an email address like name@school.org")),
  password: z.string().min(1, "Enter your password"),
});
export type SignInInput = z.input<typeof signInSchema>;
