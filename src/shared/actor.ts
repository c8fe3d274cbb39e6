/** Who is making a request, as the services need to know it. */
export interface Actor {
  userId: string;
  isAdmin: boolean;
}
