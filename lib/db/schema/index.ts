export * from "./identity";
export * from "./school";
export * from "./people";
export * from "./gradebook";
export * from "./results";
export * from "./promotions";
export * from "./documents";
export * from "./system";
