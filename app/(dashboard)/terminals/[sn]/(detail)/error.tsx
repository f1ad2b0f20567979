"use client";
import { ErrorView } from "@/app/_components/error-view";

export default ErrorView;
